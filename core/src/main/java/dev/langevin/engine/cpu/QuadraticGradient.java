package dev.langevin.engine.cpu;

import dev.langevin.target.Quadratic;

/** Twin of {@link Quadratic#potentialGradient}: lambda_j theta_j. */
final class QuadraticGradient extends BlockGradient {
    private final float[] curvatures;

    QuadraticGradient(Quadratic target) {
        // the model's parameters: (d, lambda[d])
        float[] p = target.parameters();
        this.curvatures = java.util.Arrays.copyOfRange(p, 1, p.length);
    }

    @Override
    void gradient(float[] theta, float[] gradient, int chain0, int step) {
        for (int j = 0; j < curvatures.length; j++) {
            load(theta, j).mul(curvatures[j]).intoArray(gradient, j * LANES);
        }
    }
}
