package dev.langevin.target;

/**
 * Mixture of K isotropic Gaussians in d dimensions; component k has mean m_k (1, ..., 1)
 * (on the diagonal), standard deviation s_k and weight w_k:
 * U = -log sum_k w_k N(theta; m_k 1, s_k^2 I). Evaluated with log-sum-exp.
 */
public final class Mixture implements BuiltInModel {
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

    /**
     * p = (d, K, m[K], 1 / s[K], c[K]) with c_k = log w_k - d log s_k - d/2 log(2 pi), the log of
     * component k's weight and normalising constant.
     */
    @Override
    public float[] parameters() {
        int k = means.length;
        float[] p = new float[2 + 3 * k];
        p[0] = dim;
        p[1] = k;
        for (int i = 0; i < k; i++) {
            p[2 + i] = (float) means[i];
            p[2 + k + i] = (float) (1 / sigmas[i]);
            p[2 + 2 * k + i] = (float) (logWeights[i] - dim * Math.log(sigmas[i]) - 0.5 * dim * Math.log(2 * Math.PI));
        }
        return p;
    }

    /** Component k's log term at theta, in float. */
    private static float logTerm(float[] theta, int t, int stride, float[] p, int k) {
        int d = (int) p[0];
        int components = (int) p[1];
        float squares = 0f;
        for (int j = 0; j < d; j++) {
            float z = (theta[t + j * stride] - p[2 + k]) * p[2 + components + k];
            squares += z * z;
        }
        return -0.5f * squares + p[2 + 2 * components + k];
    }

    /** log sum_k exp(term_k), shifted by the largest term. */
    private static float logTotal(float[] theta, int t, int stride, float[] p) {
        int components = (int) p[1];
        float top = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < components; k++) {
            top = Math.max(top, logTerm(theta, t, stride, p, k));
        }
        float total = 0f;
        for (int k = 0; k < components; k++) {
            total += (float) Math.exp(logTerm(theta, t, stride, p, k) - top);
        }
        return (float) Math.log(total) + top;
    }

    /** U = -log sum_k w_k N(theta; m_k, s_k^2 I), in float, the kernel subset's (see {@link BuiltInModel}). */
    public static float priorPotential(float[] theta, int t, int stride, float[] p) {
        return -logTotal(theta, t, stride, p);
    }

    /** grad U = sum_k r_k (theta - m_k) / s_k^2, r_k the responsibilities, in float. */
    public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
        int d = (int) p[0];
        int components = (int) p[1];
        float total = logTotal(theta, t, stride, p);
        for (int j = 0; j < d; j++) {
            grad[g + j * stride] = 0f;
        }
        for (int k = 0; k < components; k++) {
            float precision = p[2 + components + k] * p[2 + components + k];
            float scale = (float) Math.exp(logTerm(theta, t, stride, p, k) - total) * precision;
            for (int j = 0; j < d; j++) {
                grad[g + j * stride] += scale * (theta[t + j * stride] - p[2 + k]);
            }
        }
    }
}
