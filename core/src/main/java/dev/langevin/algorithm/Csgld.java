package dev.langevin.algorithm;

import dev.langevin.error.InvalidParameterException;
import dev.langevin.schedule.Cyclical;

import java.util.Locale;

/**
 * Cyclical SGLD (Zhang, Li, Zhang, Chen, Wilson 2020, "Cyclical stochastic gradient MCMC for
 * Bayesian deep learning", ICLR): the cosine cyclical step size of {@link Cyclical}, each
 * cycle of length L split into an exploration stage, its first ceil(beta L) steps, where the
 * update is SGD's (no noise), and a sampling stage, where it is SGLD's. Draws are kept only
 * after sampling steps. (BlackJAX's {@code csgld} is Contour SGLD, a different method.)
 *
 * @param schedule    the cyclical schedule of the run
 * @param exploration beta, the fraction of each cycle spent exploring, in [0, 1)
 */
public record Csgld(Cyclical schedule, double exploration) implements UpdateRule {
    /** The exploration fraction used when none is given. */
    public static final double DEFAULT_EXPLORATION = 0.5;

    /** Checks the parameters; the message names the option. */
    public Csgld {
        if (!(exploration >= 0 && exploration < 1)) {
            throw new InvalidParameterException("exploration", "Exploration must lie in [0, 1), got " + exploration + ".");
        }
    }

    @Override
    public String name() {
        return "csgld";
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "csgld:cycles=%d,exploration=%s", schedule.cycles(), exploration);
    }

    @Override
    public boolean stochastic() {
        return true;
    }

    /** Exploration steps at the start of each cycle: ceil(beta L). */
    public long explorationSteps() {
        return (long) Math.ceil(exploration * schedule.cycleLength());
    }

    @Override
    public boolean sampling(long step) {
        return step % schedule.cycleLength() >= explorationSteps();
    }

    @Override
    public long samplingSteps(long step) {
        if (step < 0) {
            return 0;
        }
        long length = schedule.cycleLength();
        long explore = explorationSteps();
        long done = step + 1;
        return done / length * (length - explore) + Math.max(0, done % length - explore);
    }

    @Override
    public boolean step(ChainStep s) {
        double[] theta = s.theta();
        double[] gradient = s.gradient();
        double stepSize = s.stepSize();
        double noiseScale = sampling(s.step()) ? Math.sqrt(2 * stepSize * s.temperature()) : 0;
        for (int j = 0; j < theta.length; j++) {
            theta[j] = theta[j] - stepSize * gradient[j] + (noiseScale == 0 ? 0 : noiseScale * s.normals().normal(j));
        }
        return true;
    }
}
