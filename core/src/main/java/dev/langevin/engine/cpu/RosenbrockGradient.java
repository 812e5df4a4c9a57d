package dev.langevin.engine.cpu;

import dev.langevin.target.Rosenbrock;

import jdk.incubator.vector.FloatVector;

/**
 * Twin of {@link Rosenbrock#potentialGradient}: each pair (theta_j, theta_j+1) adds
 * -4 b theta_j v - 2 (a - theta_j) to coordinate j and 2 b v to j + 1, v = theta_j+1 - theta_j^2.
 */
final class RosenbrockGradient extends BlockGradient {
    private final int dim;
    private final float a;
    private final float b;

    RosenbrockGradient(Rosenbrock target) {
        // the model's parameters: (d, a, b)
        float[] p = target.parameters();
        this.dim = (int) p[0];
        this.a = p[1];
        this.b = p[2];
    }

    @Override
    void gradient(float[] theta, float[] gradient, int chain0, int step) {
        FloatVector carried = FloatVector.zero(FLOATS);
        FloatVector x = load(theta, 0);
        for (int j = 0; j + 1 < dim; j++) {
            FloatVector next = load(theta, j + 1);
            FloatVector valley = next.sub(x.mul(x));
            FloatVector own = x.mul(-4 * b).mul(valley).sub(x.neg().add(a).mul(2f));
            carried.add(own).intoArray(gradient, j * LANES);
            carried = valley.mul(2 * b);
            x = next;
        }
        carried.intoArray(gradient, (dim - 1) * LANES);
    }
}
