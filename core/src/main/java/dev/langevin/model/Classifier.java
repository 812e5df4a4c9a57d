package dev.langevin.model;

/**
 * A model whose rows are (features, class label) and which predicts a distribution over
 * classes 0 .. K-1 from one parameter vector: what held-out evaluation
 * ({@link dev.langevin.predict.HeldOut}) needs to average predictions over draws.
 */
public interface Classifier {
    /** Number of classes K; labels are 0 .. K-1. */
    int classes();

    /** Number of feature columns of a row (the label follows them). */
    int features();

    /**
     * Writes p(class k | features, theta) for k = 0 .. K-1 to {@code out[0 .. K)}.
     *
     * @param theta one parameter vector, coordinate j at {@code theta[j]}
     * @param x     features, starting at {@code x[r]}
     * @param r     offset of the first feature
     * @param out   the K probabilities, summing to 1
     */
    void probabilities(float[] theta, float[] x, int r, double[] out);

    /**
     * log p(class k | features, theta) for k = 0 .. K-1 into {@code out[0 .. K)}: by default the logarithms of
     * {@link #probabilities}; a model whose probabilities can underflow (a softmax of far-apart logits) gives them
     * in log space, so that held-out NLL stays finite.
     */
    default void logProbabilities(float[] theta, float[] x, int r, double[] out) {
        probabilities(theta, x, r, out);
        for (int k = 0; k < classes(); k++) {
            out[k] = Math.log(out[k]);
        }
    }
}
