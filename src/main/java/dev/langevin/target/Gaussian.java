package dev.langevin.target;

import java.util.Optional;

/** Independent Gaussian: U = sum_j (theta_j - mean_j)^2 / (2 sigma_j^2). */
public final class Gaussian implements Target {
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

    @Override
    public Optional<double[]> optimum() {
        return Optional.of(mean.clone());
    }
}
