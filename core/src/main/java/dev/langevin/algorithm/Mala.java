package dev.langevin.algorithm;

import dev.langevin.target.Target;

/**
 * The Metropolis-adjusted Langevin algorithm (Roberts and Tweedie 1996, "Exponential
 * convergence of Langevin distributions and their discrete approximations", Bernoulli): the
 * Langevin step with the exact gradient is a proposal,
 * <pre>
 *   theta' = theta - eta grad U(theta) + sqrt(2 eta T) xi                      (xi: stream 0)
 * </pre>
 * accepted when log u &lt; log alpha, u uniform from stream 2 (coordinate 0), with
 * <pre>
 *   log alpha = -(U(theta') - U(theta)) / T + log q(theta | theta') - log q(theta' | theta),
 *   log q(a | b) = -|a - b + eta grad U(b)|^2 / (4 eta T) + const,
 * </pre>
 * so the chain leaves pi(theta)^(1/T) exactly invariant for any step size. The proposal is
 * rounded to float, the precision of the state, before U and its gradient are evaluated there.
 */
public final class Mala implements UpdateRule {
    @Override
    public String name() {
        return "mala";
    }

    @Override
    public boolean stochastic() {
        return true;
    }

    /** The proposal's accept test evaluates the target. */
    @Override
    public State state() {
        return new State(java.util.List.of(), java.util.List.of(), false, true);
    }

    /**
     * One MALA step of one chain, in place: theta is replaced by the proposal when accepted.
     * The gradient must be the exact grad U(theta); the uniform is stream 2's.
     *
     * @return whether the proposal was accepted
     */
    @Override
    public boolean step(ChainStep s) {
        Target target = s.target();
        double[] theta = s.theta();
        double[] gradient = s.gradient();
        double[] proposal = s.proposal();
        double[] proposalGradient = s.proposalGradient();
        double stepSize = s.stepSize();
        double temperature = s.temperature();
        double noiseScale = Math.sqrt(2 * stepSize * temperature);
        double forward = 0;
        for (int j = 0; j < theta.length; j++) {
            double xi = s.normals().normal(j);
            proposal[j] = (float) (theta[j] - stepSize * gradient[j] + noiseScale * xi);
            double residual = proposal[j] - theta[j] + stepSize * gradient[j];
            forward += residual * residual;
        }
        target.potentialGradient(proposal, proposalGradient);
        double backward = 0;
        for (int j = 0; j < theta.length; j++) {
            double residual = theta[j] - proposal[j] + stepSize * proposalGradient[j];
            backward += residual * residual;
        }
        double logAlpha = -(target.potential(proposal) - target.potential(theta)) / temperature
                + (forward - backward) / (4 * stepSize * temperature);
        if (Math.log(s.uniform()) < logAlpha) {
            System.arraycopy(proposal, 0, theta, 0, theta.length);
            return true;
        }
        return false;
    }
}
