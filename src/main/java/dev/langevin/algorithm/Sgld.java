package dev.langevin.algorithm;

/**
 * Stochastic gradient Langevin dynamics (Welling and Teh 2011, "Bayesian learning via
 * stochastic gradient Langevin dynamics", ICML):
 * theta <- theta - eta_k grad U_hat(theta) + sqrt(2 eta_k T) xi.
 */
public final class Sgld implements UpdateRule {
    private final String name;

    /** Plain SGLD, named {@code sgld}. */
    public Sgld() {
        this("sgld");
    }

    /**
     * The same update under another name: {@code sgld-cv} is SGLD with the control-variate
     * gradient ({@link ControlVariateGradient}).
     */
    public Sgld(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean stochastic() {
        return true;
    }

    @Override
    public void update(double[] theta, double[][] auxiliary, double[] gradient, long step, double stepSize,
                       double temperature, Normals normals) {
        double noiseScale = Math.sqrt(2 * stepSize * temperature);
        for (int j = 0; j < theta.length; j++) {
            theta[j] = theta[j] - stepSize * gradient[j] + noiseScale * normals.normal(j);
        }
    }
}
