package dev.langevin.engine.cpu;

import dev.langevin.target.Mixture;

import jdk.incubator.vector.FloatVector;

/**
 * Twin of {@link Mixture#potentialGradient}: sum over components k of the responsibility
 * r_k(theta) times (theta - m_k) / s_k^2, with the log-sum-exp taken from the largest term.
 */
final class MixtureGradient extends BlockGradient {
    private final int dim;
    private final float[] means;
    private final float[] inverseSigmas;
    private final float[] constants;
    private final float[] logTerms;
    private final float[] weights;
    private final float[] scratch = new float[LANES];
    private final VectorMath math = new VectorMath();

    MixtureGradient(Mixture target) {
        // the model's parameters: (d, K, m[K], 1 / s[K], log constants[K])
        float[] p = target.parameters();
        this.dim = (int) p[0];
        int components = (int) p[1];
        this.means = java.util.Arrays.copyOfRange(p, 2, 2 + components);
        this.inverseSigmas = java.util.Arrays.copyOfRange(p, 2 + components, 2 + 2 * components);
        this.constants = java.util.Arrays.copyOfRange(p, 2 + 2 * components, 2 + 3 * components);
        this.logTerms = new float[components * LANES];
        this.weights = new float[components * LANES];
    }

    @Override
    void gradient(float[] theta, float[] gradient, int chain0, int step) {
        int components = means.length;
        FloatVector max = FloatVector.broadcast(FLOATS, Float.NEGATIVE_INFINITY);
        for (int k = 0; k < components; k++) {
            FloatVector squares = FloatVector.zero(FLOATS);
            for (int j = 0; j < dim; j++) {
                FloatVector z = load(theta, j).sub(means[k]).mul(inverseSigmas[k]);
                squares = z.fma(z, squares);
            }
            FloatVector logTerm = squares.mul(-0.5f).add(constants[k]);
            logTerm.intoArray(logTerms, k * LANES);
            max = max.max(logTerm);
        }
        FloatVector sum = FloatVector.zero(FLOATS);
        for (int k = 0; k < components; k++) {
            load(logTerms, k).sub(max).intoArray(weights, k * LANES);
            math.exp(weights, k * LANES, weights, k * LANES);
            sum = sum.add(load(weights, k));
        }
        sum.intoArray(scratch, 0);
        math.log(scratch, 0, scratch, 0);
        FloatVector logTotal = load(scratch, 0).add(max);
        for (int k = 0; k < components; k++) {
            // responsibility r_k / s_k^2
            load(logTerms, k).sub(logTotal).intoArray(weights, k * LANES);
            math.exp(weights, k * LANES, weights, k * LANES);
            load(weights, k).mul(inverseSigmas[k] * inverseSigmas[k]).intoArray(weights, k * LANES);
        }
        for (int j = 0; j < dim; j++) {
            FloatVector x = load(theta, j);
            FloatVector g = FloatVector.zero(FLOATS);
            for (int k = 0; k < components; k++) {
                g = x.sub(means[k]).fma(load(weights, k), g);
            }
            g.intoArray(gradient, j * LANES);
        }
    }
}
