package dev.langevin.target;

import java.util.Optional;

/**
 * Quadratic bowl U = sum_j lambda_j theta_j^2 / 2 with curvatures spread geometrically from
 * {@code curvature} to {@code curvature * condition}: the condition number is a parameter.
 */
public final class Quadratic implements BuiltInModel {
    private final double[] curvatures;

    /**
     * @param dim       dimension d
     * @param curvature smallest curvature lambda_0
     * @param condition ratio of the largest to the smallest curvature (at least 1)
     */
    public Quadratic(int dim, double curvature, double condition) {
        curvatures = new double[dim];
        for (int j = 0; j < dim; j++) {
            double fraction = dim == 1 ? 0 : (double) j / (dim - 1);
            curvatures[j] = curvature * Math.pow(condition, fraction);
        }
    }

    /** The curvatures lambda_j of U = sum_j lambda_j theta_j^2 / 2 (a copy). */
    public double[] curvatures() {
        return curvatures.clone();
    }

    @Override
    public String name() {
        return "quadratic";
    }

    @Override
    public int dim() {
        return curvatures.length;
    }

    @Override
    public double potential(double[] theta) {
        double u = 0;
        for (int j = 0; j < curvatures.length; j++) {
            u += 0.5 * curvatures[j] * theta[j] * theta[j];
        }
        return u;
    }

    @Override
    public void potentialGradient(double[] theta, double[] gradient) {
        for (int j = 0; j < curvatures.length; j++) {
            gradient[j] = curvatures[j] * theta[j];
        }
    }

    /** p = (d, lambda[d]). */
    @Override
    public float[] parameters() {
        float[] p = new float[1 + curvatures.length];
        p[0] = curvatures.length;
        for (int j = 0; j < curvatures.length; j++) {
            p[1 + j] = (float) curvatures[j];
        }
        return p;
    }

    /** U in float, the kernel subset's (see {@link BuiltInModel}). */
    public static float priorPotential(float[] theta, int t, int stride, float[] p) {
        int d = (int) p[0];
        float u = 0f;
        for (int j = 0; j < d; j++) {
            float x = theta[t + j * stride];
            u += 0.5f * p[1 + j] * x * x;
        }
        return u;
    }

    /** grad U = lambda theta, in float. */
    public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
        int d = (int) p[0];
        for (int j = 0; j < d; j++) {
            grad[g + j * stride] = theta[t + j * stride] * p[1 + j];
        }
    }

    @Override
    public Optional<double[]> optimum() {
        return Optional.of(new double[curvatures.length]);
    }
}
