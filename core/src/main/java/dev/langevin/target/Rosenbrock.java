package dev.langevin.target;

import java.util.Arrays;
import java.util.Optional;

/**
 * Rosenbrock's banana summed over consecutive pairs (Rosenbrock 1960):
 * U = sum_{j < d-1} b (theta_{j+1} - theta_j^2)^2 + (a - theta_j)^2, minimum 0 at (a, a^2, ...)
 * for a = 1 at (1, ..., 1).
 */
public final class Rosenbrock implements BuiltInModel {
    private final int dim;
    private final double a;
    private final double b;

    /**
     * @param dim dimension d, at least 2
     * @param a   location of the valley's floor (conventionally 1)
     * @param b   steepness of the valley's walls (conventionally 100)
     */
    public Rosenbrock(int dim, double a, double b) {
        this.dim = dim;
        this.a = a;
        this.b = b;
    }

    /** The valley's floor a. */
    public double a() {
        return a;
    }

    /** The valley's steepness b. */
    public double b() {
        return b;
    }

    @Override
    public String name() {
        return "rosenbrock";
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public double potential(double[] theta) {
        double u = 0;
        for (int j = 0; j + 1 < dim; j++) {
            double valley = theta[j + 1] - theta[j] * theta[j];
            double floor = a - theta[j];
            u += b * valley * valley + floor * floor;
        }
        return u;
    }

    @Override
    public void potentialGradient(double[] theta, double[] gradient) {
        Arrays.fill(gradient, 0, dim, 0.0);
        for (int j = 0; j + 1 < dim; j++) {
            double valley = theta[j + 1] - theta[j] * theta[j];
            gradient[j] += -4 * b * theta[j] * valley - 2 * (a - theta[j]);
            gradient[j + 1] += 2 * b * valley;
        }
    }

    /** p = (d, a, b). */
    @Override
    public float[] parameters() {
        return new float[] {dim, (float) a, (float) b};
    }

    /** U in float, the kernel subset's (see {@link BuiltInModel}). */
    public static float priorPotential(float[] theta, int t, int stride, float[] p) {
        int d = (int) p[0];
        float u = 0f;
        for (int j = 0; j + 1 < d; j++) {
            float x = theta[t + j * stride];
            float valley = theta[t + (j + 1) * stride] - x * x;
            float floor = p[1] - x;
            u += p[2] * valley * valley + floor * floor;
        }
        return u;
    }

    /** grad U in float, each pair's terms carried to the next coordinate. */
    public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
        int d = (int) p[0];
        float carried = 0f;
        for (int j = 0; j + 1 < d; j++) {
            float x = theta[t + j * stride];
            float valley = theta[t + (j + 1) * stride] - x * x;
            grad[g + j * stride] = carried - 4f * p[2] * x * valley - 2f * (p[1] - x);
            carried = 2f * p[2] * valley;
        }
        grad[g + (d - 1) * stride] = carried;
    }

    @Override
    public Optional<double[]> optimum() {
        // The minimiser of the chained form is (a, a^2, a^4, ...) only for a = 1 a fixed point;
        // for general a it is found numerically, so it is reported only for a in {0, 1}.
        if (a == 1 || a == 0) {
            double[] x = new double[dim];
            Arrays.fill(x, a);
            return Optional.of(x);
        }
        return Optional.empty();
    }
}
