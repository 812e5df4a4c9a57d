package dev.langevin.engine.cpu;

import dev.langevin.target.DoubleWell;

import jdk.incubator.vector.FloatVector;

/** Twin of {@link DoubleWell#potentialGradient}: 4 h theta_j (theta_j^2 - 1). */
final class DoubleWellGradient extends BlockGradient {
    private static final FloatVector MINUS_ONE = FloatVector.broadcast(FLOATS, -1f);

    private final int dim;
    private final float fourBarrier;

    DoubleWellGradient(DoubleWell target) {
        // the model's parameters: (d, 4 h)
        float[] p = target.parameters();
        this.dim = (int) p[0];
        this.fourBarrier = p[1];
    }

    @Override
    void gradient(float[] theta, float[] gradient, int chain0, int step) {
        for (int j = 0; j < dim; j++) {
            FloatVector x = load(theta, j);
            x.fma(x, MINUS_ONE).mul(x).mul(fourBarrier).intoArray(gradient, j * LANES);
        }
    }
}
