package dev.langevin.engine.cpu;

import dev.langevin.target.Ackley;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import java.util.Arrays;

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
    private final VectorMath math = new VectorMath();
    private final float[] cosines;
    private final float[] ones = new float[LANES];
    private final float[] scalar = new float[2 * LANES];

    AckleyGradient(Ackley target) {
        // the model's parameters: (d, a, b, c)
        float[] p = target.parameters();
        this.dim = (int) p[0];
        this.a = p[1];
        this.b = p[2];
        this.c = p[3];
        this.cosines = new float[dim * LANES];
        Arrays.fill(ones, 1f);
    }

    @Override
    void gradient(float[] theta, float[] gradient, int chain0, int step) {
        FloatVector squares = FloatVector.zero(FLOATS);
        for (int j = 0; j < dim; j++) {
            FloatVector x = load(theta, j);
            squares = x.fma(x, squares);
            x.mul(c).intoArray(gradient, j * LANES);
            VectorMath.cosSin(gradient, j * LANES, ones, 0, cosines, j * LANES, gradient, j * LANES);
        }
        FloatVector cosineSum = FloatVector.zero(FLOATS);
        for (int j = 0; j < dim; j++) {
            cosineSum = cosineSum.add(load(cosines, j));
        }
        FloatVector radius = squares.div(dim).lanewise(VectorOperators.SQRT);
        radius.mul(-b).intoArray(scalar, 0);
        cosineSum.div(dim).intoArray(scalar, LANES);
        math.exp(scalar, 0, scalar, 0);
        math.exp(scalar, LANES, scalar, LANES);
        VectorMask<Float> origin = radius.compare(VectorOperators.EQ, 0f);
        FloatVector radial = load(scalar, 0).mul(a * b / dim).div(radius).blend(0f, origin);
        FloatVector ripple = load(scalar, 1).mul(c / dim);
        for (int j = 0; j < dim; j++) {
            FloatVector x = load(theta, j);
            load(gradient, j).mul(ripple).add(x.mul(radial)).intoArray(gradient, j * LANES);
        }
    }
}
