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
    public boolean step(ChainStep s) {
        double[] theta = s.theta();
        double[] gradient = s.gradient();
        for (int j = 0; j < theta.length; j++) {
            theta[j] -= s.stepSize() * gradient[j];
        }
        return true;
    }
}
