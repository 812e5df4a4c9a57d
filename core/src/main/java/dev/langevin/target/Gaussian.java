package dev.langevin.target;

import java.util.Optional;

/** Independent Gaussian: U = sum_j (theta_j - mean_j)^2 / (2 sigma_j^2). */
public final class Gaussian implements BuiltInModel {
    private final double[] mean;
    private final double[] sigma;

    /**
     * @param mean  per-coordinate means (length d)
     * @param sigma per-coordinate standard deviations (length d, positive)
     */
    public Gaussian(double[] mean, double[] sigma) {
        this.mean = mean.clone();
        this.sigma = sigma.clone();
    }

    /** The mean mu (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** The standard deviations sigma_j (a copy). */
    public double[] sigma() {
        return sigma.clone();
    }

    @Override
    public String name() {
        return "gaussian";
    }

    @Override
    public int dim() {
        return mean.length;
    }

    @Override
    public double potential(double[] theta) {
        double u = 0;
        for (int j = 0; j < mean.length; j++) {
            double z = (theta[j] - mean[j]) / sigma[j];
            u += 0.5 * z * z;
        }
        return u;
    }

    @Override
    public void potentialGradient(double[] theta, double[] gradient) {
        for (int j = 0; j < mean.length; j++) {
            gradient[j] = (theta[j] - mean[j]) / (sigma[j] * sigma[j]);
        }
    }

    /** p = (d, mean[d], 1 / sigma^2 [d]). */
    @Override
    public float[] parameters() {
        int d = mean.length;
        float[] p = new float[1 + 2 * d];
        p[0] = d;
        for (int j = 0; j < d; j++) {
            p[1 + j] = (float) mean[j];
            p[1 + d + j] = (float) (1 / (sigma[j] * sigma[j]));
        }
        return p;
    }

    /** U in float, the kernel subset's (see {@link BuiltInModel}). */
    public static float priorPotential(float[] theta, int t, int stride, float[] p) {
        int d = (int) p[0];
        float u = 0f;
        for (int j = 0; j < d; j++) {
            float z = theta[t + j * stride] - p[1 + j];
            u += 0.5f * z * z * p[1 + d + j];
        }
        return u;
    }

    /** grad U = (theta - mean) / sigma^2, in float. */
    public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
        int d = (int) p[0];
        for (int j = 0; j < d; j++) {
            grad[g + j * stride] = (theta[t + j * stride] - p[1 + j]) * p[1 + d + j];
        }
    }

    @Override
    public Optional<double[]> optimum() {
        return Optional.of(mean.clone());
    }
}
