package dev.langevin.algorithm;

import dev.langevin.error.InvalidParameterException;
import dev.langevin.rng.Stream;

import java.util.Locale;

/**
 * Stochastic gradient Hamiltonian Monte Carlo (Chen, Fox, Guestrin 2014, "Stochastic
 * gradient Hamiltonian Monte Carlo", ICML), in the parametrisation of its equation (15)
 * with identity mass, learning rate eta, friction alpha and gradient-noise estimate beta:
 * <pre>
 *   v     <- (1 - alpha) v - eta g + sqrt(2 (alpha - beta) eta T) xi     (xi: stream 0)
 *   theta <- theta + v
 * </pre>
 * The momentum v (auxiliary vector 0) is drawn afresh before step 0 and, when
 * {@code resampleEvery} is positive, before every step that is a multiple of it, from its
 * conditional law given theta under this discrete chain:
 * <pre>
 *   v     <- eta / (2 - alpha) g + sqrt(2 eta T / (2 - alpha)) zeta           (zeta: stream 3)
 * </pre>
 * with g the gradient estimate that the step then uses. The stored v is the half-step momentum
 * theta_k - theta_(k-1), which is correlated with theta; for U = theta^2 / (2 s^2) the stationary
 * joint law of (theta, v) (a discrete Lyapunov equation) has exactly this conditional for every
 * s, eta and T, so a refresh keeps the chain's stationary law, exactly for Gaussians and to
 * first order in eta otherwise. (Drawing v as sqrt(eta T) zeta, the continuous dynamics' law,
 * shrinks the variance of theta: by half when refreshing at every step.) With alpha = 1 and
 * beta = 0 the old momentum is forgotten at every step and the update is SGLD's with the same
 * noise: the infinite-friction limit.
 *
 * @param friction      alpha, in (0, 1]
 * @param noiseEstimate beta, the estimate of the gradient noise's contribution, in [0, alpha]
 * @param resampleEvery steps between momentum refreshes; 0 refreshes only before step 0
 */
public record Sghmc(double friction, double noiseEstimate, int resampleEvery) implements UpdateRule {
    /** The friction used when none is given. */
    public static final double DEFAULT_FRICTION = 0.1;

    /** Checks the parameters; the message names the option. */
    public Sghmc {
        if (!(friction > 0 && friction <= 1)) {
            throw new InvalidParameterException("friction", "Friction must lie in (0, 1], got " + friction + ".");
        }
        if (!(noiseEstimate >= 0 && noiseEstimate <= friction)) {
            throw new InvalidParameterException("noiseEstimate", "The noise estimate must lie in [0, friction (" + friction + ")], got "
                    + noiseEstimate + ".");
        }
        if (resampleEvery < 0) {
            throw new InvalidParameterException("resampleEvery", "The momentum refresh interval must be at least 0, got " + resampleEvery + ".");
        }
    }

    @Override
    public String name() {
        return "sghmc";
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "sghmc:friction=%s,noise-estimate=%s,resample-momentum=%d", friction,
                noiseEstimate, resampleEvery);
    }

    @Override
    public State state() {
        return new State(java.util.List.of("momentum"), java.util.List.of(), false, false);
    }

    @Override
    public boolean stochastic() {
        return true;
    }

    /** Whether the momentum is drawn afresh before step k. */
    public boolean refreshes(long step) {
        return step == 0 || (resampleEvery > 0 && step % resampleEvery == 0);
    }

    @Override
    public boolean step(ChainStep s) {
        double[] theta = s.theta();
        double[] gradient = s.gradient();
        double stepSize = s.stepSize();
        double temperature = s.temperature();
        Normals normals = s.normals();
        double[] v = s.auxiliary()[0];
        if (refreshes(s.step())) {
            double share = 1 / (2 - friction);
            double momentumScale = Math.sqrt(2 * stepSize * temperature * share);
            for (int j = 0; j < theta.length; j++) {
                v[j] = stepSize * share * gradient[j] + momentumScale * normals.normal(j, Stream.MOMENTUM);
            }
        }
        double noiseScale = Math.sqrt(2 * stepSize * temperature) * Math.sqrt(friction - noiseEstimate);
        for (int j = 0; j < theta.length; j++) {
            v[j] = (1 - friction) * v[j] - stepSize * gradient[j] + noiseScale * normals.normal(j);
            theta[j] += v[j];
        }
        return true;
    }
}
