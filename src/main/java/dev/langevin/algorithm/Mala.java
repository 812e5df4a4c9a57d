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

    /** MALA needs the target itself; engines call {@link #step} instead. */
    @Override
    public void update(double[] theta, double[][] auxiliary, double[] gradient, long step, double stepSize,
                       double temperature, Normals normals) {
        throw new UnsupportedOperationException("MALA steps through Mala.step, which evaluates the target");
    }

    /**
     * One MALA step of one chain, in place.
     *
     * @param target           the target (its exact potential and gradient)
     * @param theta            the chain's position, replaced by the proposal when accepted
     * @param gradient         grad U(theta)
     * @param proposal         scratch of length d
     * @param proposalGradient scratch of length d
     * @param stepSize         eta
     * @param temperature      T, positive
     * @param normals          the chain's stream-0 noise at this step
     * @param uniform          the chain's stream-2 uniform at this step
     * @return whether the proposal was accepted
     */
    public boolean step(Target target, double[] theta, double[] gradient, double[] proposal, double[] proposalGradient,
                        double stepSize, double temperature, Normals normals, double uniform) {
        double noiseScale = Math.sqrt(2 * stepSize * temperature);
        double forward = 0;
        for (int j = 0; j < theta.length; j++) {
            double xi = normals.normal(j);
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
        if (Math.log(uniform) < logAlpha) {
            System.arraycopy(proposal, 0, theta, 0, theta.length);
            return true;
        }
        return false;
    }
}
