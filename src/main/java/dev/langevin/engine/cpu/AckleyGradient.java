package dev.langevin.engine.cpu;

import dev.langevin.target.Ackley;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Twin of {@link Ackley#potentialGradient}: with r = sqrt(|theta|^2 / d) and
 * s = mean_j cos(c theta_j), coordinate j is a b e^(-b r) theta_j / (d r) + c e^s sin(c theta_j) / d
 * (the cone's subgradient 0 at the origin). The first pass leaves sin(c theta_j) in the output.
 */
final class AckleyGradient extends BlockGradient {
    private final int dim;
    private final float a;
    private final float b;
    private final float c;

    AckleyGradient(Ackley target) {
        this.dim = target.dim();
        this.a = (float) target.a();
        this.b = (float) target.b();
        this.c = (float) target.c();
    }

    @Override
    void gradient(float[] theta, float[] gradient, int chain0, int step) {
        FloatVector squares = FloatVector.zero(FLOATS);
        FloatVector cosines = FloatVector.zero(FLOATS);
        for (int j = 0; j < dim; j++) {
            FloatVector x = load(theta, j);
            FloatVector angle = x.mul(c);
            squares = x.fma(x, squares);
            cosines = cosines.add(VectorMath.cos(angle));
            VectorMath.sin(angle).intoArray(gradient, j * LANES);
        }
        FloatVector radius = squares.div(dim).lanewise(VectorOperators.SQRT);
        VectorMask<Float> origin = radius.compare(VectorOperators.EQ, 0f);
        FloatVector radial = VectorMath.exp(radius.mul(-b)).mul(a * b / dim).div(radius)
                .blend(0f, origin);
        FloatVector ripple = VectorMath.exp(cosines.div(dim)).mul(c / dim);
        for (int j = 0; j < dim; j++) {
            FloatVector x = load(theta, j);
            load(gradient, j).mul(ripple).add(x.mul(radial)).intoArray(gradient, j * LANES);
        }
    }
}
