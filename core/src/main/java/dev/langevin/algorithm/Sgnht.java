package dev.langevin.algorithm;

import dev.langevin.error.InvalidParameterException;
import dev.langevin.rng.Stream;

import java.util.List;
import java.util.Locale;

/**
 * The stochastic gradient Nose-Hoover thermostat (Ding, Fang, Babbush, Chen, Skeel, Neven
 * 2014, "Bayesian sampling using stochastic gradient thermostats", NeurIPS, Algorithm 1): SGHMC
 * whose friction xi is a per-chain thermostat that adapts until the momentum's kinetic
 * temperature is T, which absorbs unknown gradient noise. With step h, eta = h^2, the momentum
 * written as v = h p and the thermostat as h xi (the parametrisation of {@link Sghmc}):
 * <pre>
 *   v     <- v - xi v - eta g + sqrt(2 a eta T) zeta        (zeta: stream 0)
 *   theta <- theta + v
 *   xi    <- xi + (|v|^2 / d - eta T)
 * </pre>
 * where a = A h is the injected noise's friction, which the thermostat starts at. Before step 0
 * the momentum is drawn as sqrt(eta T) zeta' (stream 3) and xi set to a. The draws' variance is
 * right to first order in h: on a Gaussian it is about (1 - a / 2) times the target's, so a
 * small a is more exact and mixes more slowly.
 *
 * @param friction a, in (0, 1]
 */
public record Sgnht(double friction) implements UpdateRule {
    /** The friction used when none is given: a 1% bias of the variance. */
    public static final double DEFAULT_FRICTION = 0.02;

    /** Checks the parameter; the message names the option. */
    public Sgnht {
        if (!(friction > 0 && friction <= 1)) {
            throw new InvalidParameterException("friction", "Friction must lie in (0, 1], got " + friction + ".");
        }
    }

    @Override
    public String name() {
        return "sgnht";
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "sgnht:friction=%s", friction);
    }

    /** The momentum v, and the thermostat xi. */
    @Override
    public State state() {
        return new State(List.of("momentum"), List.of("thermostat"), false, false);
    }

    @Override
    public boolean stochastic() {
        return true;
    }

    @Override
    public boolean step(ChainStep s) {
        double[] theta = s.theta();
        double[] gradient = s.gradient();
        double[] v = s.auxiliary()[0];
        double eta = s.stepSize();
        double temperature = s.temperature();
        int d = theta.length;
        if (s.step() == 0) {
            double momentumScale = Math.sqrt(eta * temperature);
            for (int j = 0; j < d; j++) {
                v[j] = momentumScale * s.normals().normal(j, Stream.MOMENTUM);
            }
            s.scalars()[0] = friction;
        }
        double xi = s.scalars()[0];
        double noiseScale = Math.sqrt(2 * friction * eta * temperature);
        double kinetic = 0;
        for (int j = 0; j < d; j++) {
            v[j] = v[j] - xi * v[j] - eta * gradient[j] + noiseScale * s.normals().normal(j);
            theta[j] += v[j];
            kinetic += v[j] * v[j];
        }
        s.scalars()[0] = xi + (kinetic / d - eta * temperature);
        return true;
    }
}
