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
        this.dim = target.dim();
        double[] m = target.means();
        double[] s = target.sigmas();
        double[] logWeights = target.logWeights();
        int components = m.length;
        this.means = toFloats(m);
        this.inverseSigmas = new float[components];
        this.constants = new float[components];
        for (int k = 0; k < components; k++) {
            inverseSigmas[k] = (float) (1 / s[k]);
            constants[k] = (float) (logWeights[k] - dim * Math.log(s[k]) - 0.5 * dim * Math.log(2 * Math.PI));
        }
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
