package dev.langevin.algorithm;

/**
 * Stochastic gradient Langevin dynamics (Welling and Teh 2011, "Bayesian learning via
 * stochastic gradient Langevin dynamics", ICML):
 * theta <- theta - eta_k grad U_hat(theta) + sqrt(2 eta_k T) xi.
 */
public final class Sgld implements UpdateRule {
    @Override
    public String name() {
        return "sgld";
    }

    @Override
    public boolean stochastic() {
        return true;
    }

    @Override
    public boolean step(ChainStep s) {
        double[] theta = s.theta();
        double[] gradient = s.gradient();
        double stepSize = s.stepSize();
        double noiseScale = Math.sqrt(2 * stepSize * s.temperature());
        for (int j = 0; j < theta.length; j++) {
            theta[j] = theta[j] - stepSize * gradient[j] + noiseScale * s.normals().normal(j);
        }
        return true;
    }
}
