package dev.langevin.algorithm;

/** Stochastic gradient descent, the noiseless baseline: theta <- theta - eta_k grad U_hat(theta). */
public final class Sgd implements UpdateRule {
    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public boolean stochastic() {
        return false;
    }

    @Override
    public void update(double[] theta, double[][] auxiliary, double[] gradient, long step, double stepSize,
                       double temperature, Normals normals) {
        for (int j = 0; j < theta.length; j++) {
            theta[j] -= stepSize * gradient[j];
        }
    }
}
