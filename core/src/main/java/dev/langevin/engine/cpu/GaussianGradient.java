package dev.langevin.engine.cpu;

import dev.langevin.target.Gaussian;

import jdk.incubator.vector.FloatVector;

/** Twin of {@link Gaussian#potentialGradient}: (theta_j - mu_j) / sigma_j^2. */
final class GaussianGradient extends BlockGradient {
    private final float[] mean;
    private final float[] precision;

    GaussianGradient(Gaussian target) {
        // the model's parameters: (d, mean[d], 1 / sigma^2 [d])
        float[] p = target.parameters();
        int d = target.dim();
        this.mean = java.util.Arrays.copyOfRange(p, 1, 1 + d);
        this.precision = java.util.Arrays.copyOfRange(p, 1 + d, 1 + 2 * d);
    }

    @Override
    void gradient(float[] theta, float[] gradient, int chain0, int step) {
        for (int j = 0; j < mean.length; j++) {
            FloatVector x = load(theta, j);
            x.sub(mean[j]).mul(precision[j]).intoArray(gradient, j * LANES);
        }
    }
}
