package dev.langevin.target;

/**
 * A posterior over a data set: U(theta) = U_prior(theta) + sum over rows i of U_i(theta).
 * Split this way so that a gradient estimator can evaluate the prior once and the likelihood
 * on a minibatch of rows.
 */
public interface DataTarget extends Target {
    /** Number of rows N in the data set. */
    int rows();

    /** Writes grad U_prior(theta) into {@code gradient}. */
    void priorGradient(double[] theta, double[] gradient);

    /** U_i(theta), row i's term of U. */
    double rowPotential(double[] theta, int row);

    /** U_prior(theta), the prior's term of U. */
    default double priorPotential(double[] theta) {
        double u = potential(theta);
        for (int i = 0; i < rows(); i++) {
            u -= rowPotential(theta, i);
        }
        return u;
    }

    /** Adds {@code weight * grad U_i(theta)} for row i to {@code gradient}. */
    void addRowGradient(double[] theta, int row, double weight, double[] gradient);

    @Override
    default void potentialGradient(double[] theta, double[] gradient) {
        priorGradient(theta, gradient);
        for (int i = 0; i < rows(); i++) {
            addRowGradient(theta, i, 1.0, gradient);
        }
    }
}
