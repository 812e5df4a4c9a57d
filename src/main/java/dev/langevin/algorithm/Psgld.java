package dev.langevin.algorithm;

import java.util.Locale;

/**
 * Preconditioned SGLD (Li, Chen, Carlson, Carin 2016, "Preconditioned stochastic gradient
 * Langevin dynamics for deep neural networks", AAAI), with the RMSprop preconditioner of its
 * Algorithm 1, per coordinate:
 * <pre>
 *   V     <- alpha V + (1 - alpha) g^2
 *   G     =  1 / (lambda + sqrt(V))
 *   theta <- theta - eta G g + sqrt(2 eta T G) xi
 * </pre>
 * As in the paper's algorithm, the correction term Gamma(theta) (the derivative of G) is left
 * out; with alpha near 1 G changes slowly and the term is small. V starts at 0 and is
 * auxiliary vector 0.
 *
 * @param alpha  decay of the squared-gradient average, in (0, 1)
 * @param lambda added to sqrt(V), positive: bounds the preconditioner by 1 / lambda
 */
public record Psgld(double alpha, double lambda) implements UpdateRule {
    /** The paper's alpha. */
    public static final double DEFAULT_ALPHA = 0.99;
    /** The paper's lambda. */
    public static final double DEFAULT_LAMBDA = 1e-5;

    /** Checks the parameters; the message names the option. */
    public Psgld {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("--alpha must lie in (0, 1), got " + alpha + ".");
        }
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("--lambda must be positive, got " + lambda + ".");
        }
    }

    @Override
    public String name() {
        return "psgld";
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "psgld:alpha=%s,lambda=%s", alpha, lambda);
    }

    @Override
    public int auxiliaryVectors() {
        return 1;
    }

    @Override
    public boolean stochastic() {
        return true;
    }

    @Override
    public void update(double[] theta, double[][] auxiliary, double[] gradient, long step, double stepSize,
                       double temperature, Normals normals) {
        double[] v = auxiliary[0];
        double noiseScale = Math.sqrt(2 * stepSize * temperature);
        for (int j = 0; j < theta.length; j++) {
            double g = gradient[j];
            v[j] = alpha * v[j] + (1 - alpha) * g * g;
            double preconditioner = 1 / (lambda + Math.sqrt(v[j]));
            theta[j] = theta[j] - stepSize * preconditioner * g
                    + noiseScale * Math.sqrt(preconditioner) * normals.normal(j);
        }
    }
}
