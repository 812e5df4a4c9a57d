package dev.langevin.engine.cpu;

import dev.langevin.target.Gaussian;

import jdk.incubator.vector.FloatVector;

/** Twin of {@link Gaussian#potentialGradient}: (theta_j - mu_j) / sigma_j^2. */
final class GaussianGradient extends BlockGradient {
    private final float[] mean;
    private final float[] precision;

    GaussianGradient(Gaussian target) {
        double[] sigma = target.sigma();
        double[] precisions = new double[sigma.length];
        for (int j = 0; j < sigma.length; j++) {
            precisions[j] = 1 / (sigma[j] * sigma[j]);
        }
        this.mean = toFloats(target.mean());
        this.precision = toFloats(precisions);
    }

    @Override
    void gradient(float[] theta, float[] gradient, int chain0, int step) {
        for (int j = 0; j < mean.length; j++) {
            FloatVector x = load(theta, j);
            x.sub(mean[j]).mul(precision[j]).intoArray(gradient, j * LANES);
        }
    }
}
