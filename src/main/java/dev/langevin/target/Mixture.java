package dev.langevin.target;

/**
 * Mixture of K isotropic Gaussians in d dimensions; component k has mean m_k (1, ..., 1)
 * (on the diagonal), standard deviation s_k and weight w_k:
 * U = -log sum_k w_k N(theta; m_k 1, s_k^2 I). Evaluated with log-sum-exp.
 */
public final class Mixture implements Target {
    private final int dim;
    private final double[] means;
    private final double[] sigmas;
    private final double[] logWeights;

    /**
     * @param dim     dimension d
     * @param means   component means m_k (length K)
     * @param sigmas  component standard deviations s_k (length K, positive)
     * @param weights component weights w_k (length K, positive; normalised here)
     */
    public Mixture(int dim, double[] means, double[] sigmas, double[] weights) {
        this.dim = dim;
        this.means = means.clone();
        this.sigmas = sigmas.clone();
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        logWeights = new double[weights.length];
        for (int k = 0; k < weights.length; k++) {
            logWeights[k] = Math.log(weights[k] / total);
        }
    }

    /** The components' centres m_k, each the same in every coordinate (a copy). */
    public double[] means() {
        return means.clone();
    }

    /** The components' standard deviations s_k (a copy). */
    public double[] sigmas() {
        return sigmas.clone();
    }

    /** log of the normalised weights w_k (a copy). */
    public double[] logWeights() {
        return logWeights.clone();
    }

    @Override
    public String name() {
        return "mixture";
    }

    @Override
    public int dim() {
        return dim;
    }

    /** Fills logTerms[k] = log w_k + log N(theta; m_k, s_k^2 I) and returns their log-sum-exp. */
    private double logDensity(double[] theta, double[] logTerms) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < means.length; k++) {
            double squares = 0;
            for (int j = 0; j < dim; j++) {
                double z = (theta[j] - means[k]) / sigmas[k];
                squares += z * z;
            }
            logTerms[k] = logWeights[k] - dim * Math.log(sigmas[k]) - 0.5 * squares
                    - 0.5 * dim * Math.log(2 * Math.PI);
            max = Math.max(max, logTerms[k]);
        }
        double sum = 0;
        for (int k = 0; k < means.length; k++) {
            sum += Math.exp(logTerms[k] - max);
        }
        return max + Math.log(sum);
    }

    @Override
    public double potential(double[] theta) {
        return -logDensity(theta, new double[means.length]);
    }

    @Override
    public void potentialGradient(double[] theta, double[] gradient) {
        double[] logTerms = new double[means.length];
        double logTotal = logDensity(theta, logTerms);
        java.util.Arrays.fill(gradient, 0, dim, 0.0);
        for (int k = 0; k < means.length; k++) {
            // responsibility r_k times the component's own gradient (theta - m_k) / s_k^2
            double responsibility = Math.exp(logTerms[k] - logTotal);
            double scale = responsibility / (sigmas[k] * sigmas[k]);
            for (int j = 0; j < dim; j++) {
                gradient[j] += scale * (theta[j] - means[k]);
            }
        }
    }
}
