package dev.langevin.engine;

import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.algorithm.UpdateRule;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.schedule.StepSizeSchedule;
import dev.langevin.schedule.TemperatureSchedule;
import dev.langevin.target.Target;

/**
 * Everything that determines a run's numbers. Steps are numbered from 0; the state after
 * step k is kept as a draw when k + 1 > burnIn and (k + 1 - burnIn) is a multiple of thin,
 * so a run keeps (steps - burnIn) / thin draws per chain. Rules with exploration stages
 * (csgld) count only their sampling steps: the n-th sampling step at or after burnIn is kept
 * when n is a multiple of thin.
 *
 * @param target      the density
 * @param estimator   how the gradient is estimated (full or minibatch)
 * @param rule        the update rule (sgld, sgd, adam)
 * @param stepSize    the step size schedule eta_k
 * @param temperature the temperature T
 * @param chains      number of chains C in this plan
 * @param firstChain  global index of the plan's first chain; a run split in parts gives each part its offset
 * @param steps       total steps S, burn-in included
 * @param burnIn      steps discarded before the first kept draw
 * @param thin        keep every thin-th state after burn-in
 * @param init        starting points
 * @param seed        the 64-bit seed, the Philox key
 * @param stepGroups  per-chain factors of the step size, or null when every chain takes eta_k itself
 * @param temperatures the temperature T_k of each step, or null when it is {@code temperature} throughout;
 *                     {@code temperature} is then the schedule's last, at which the draws should be kept
 * @param exchange    replica exchange between ladders of temperatures, or null
 */
public record Plan(Target target, GradientEstimator estimator, UpdateRule rule, StepSizeSchedule stepSize,
                   double temperature, int chains, int firstChain, int steps, int burnIn, int thin,
                   InitialState init, long seed, StepGroups stepGroups, TemperatureSchedule temperatures,
                   ReplicaExchange exchange) {

    /** A plan without replica exchange. */
    public Plan(Target target, GradientEstimator estimator, UpdateRule rule, StepSizeSchedule stepSize,
                double temperature, int chains, int firstChain, int steps, int burnIn, int thin, InitialState init,
                long seed, StepGroups stepGroups, TemperatureSchedule temperatures) {
        this(target, estimator, rule, stepSize, temperature, chains, firstChain, steps, burnIn, thin, init, seed,
                stepGroups, temperatures, null);
    }

    /** A plan at one temperature throughout. */
    public Plan(Target target, GradientEstimator estimator, UpdateRule rule, StepSizeSchedule stepSize,
                double temperature, int chains, int firstChain, int steps, int burnIn, int thin, InitialState init,
                long seed, StepGroups stepGroups) {
        this(target, estimator, rule, stepSize, temperature, chains, firstChain, steps, burnIn, thin, init, seed,
                stepGroups, null, null);
    }

    /** A plan whose chains all take the schedule's step size. */
    public Plan(Target target, GradientEstimator estimator, UpdateRule rule, StepSizeSchedule stepSize,
                double temperature, int chains, int firstChain, int steps, int burnIn, int thin, InitialState init,
                long seed) {
        this(target, estimator, rule, stepSize, temperature, chains, firstChain, steps, burnIn, thin, init, seed, null,
                null, null);
    }

    /** Checks sizes; the message names the option to change. */
    public Plan {
        if (chains < 1) {
            throw new InvalidParameterException("chains", "The number of chains must be at least 1, got " + chains + ".");
        }
        if (firstChain < 0 || (long) firstChain + chains > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("chain indices must lie in [0, 2^31), got first chain " + firstChain + ".");
        }
        if (steps < 1) {
            throw new InvalidParameterException("steps", "The number of steps must be at least 1, got " + steps + ".");
        }
        if (burnIn < 0 || burnIn >= steps) {
            throw new InvalidParameterException("burnIn", "The burn-in must be at least 0 and less than the " + steps + " steps, got "
                    + burnIn + ".");
        }
        if (thin < 1) {
            throw new InvalidParameterException("thin", "The thinning interval must be at least 1, got " + thin + ".");
        }
        long sampling = rule.samplingSteps(steps - 1L) - rule.samplingSteps(burnIn - 1L);
        if (thin > sampling) {
            throw new InvalidParameterException("thin", "A thinning interval of " + thin + " keeps no draw from the " + sampling
                    + (sampling == steps - burnIn ? "" : " sampling") + " steps after burn-in.");
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new InvalidParameterException("temperature", "The temperature must be finite and at least 0, got " + temperature + ".");
        }
        if (stepGroups != null && (long) firstChain + chains > stepGroups.chains()) {
            throw new IllegalArgumentException("the step groups cover " + stepGroups.chains() + " chains, not chains "
                    + firstChain + " .. " + (firstChain + chains - 1L) + ".");
        }
        if (temperatures != null && temperatures.last() != temperature) {
            throw new IllegalArgumentException("the plan's temperature " + temperature + " is not its schedule's last, "
                    + temperatures.last() + ".");
        }
        if (exchange != null) {
            if (!rule.name().equals("sgld")) {
                throw new InvalidParameterException("algorithm", "Replica exchange runs sgld (and sgld-cv), not "
                        + rule.name() + ".");
            }
            if (firstChain != 0 || chains != exchange.chains()) {
                throw new InvalidParameterException("chains", "Replica exchange with " + exchange.ladders() + " ladders of "
                        + exchange.rungs() + " temperatures needs " + exchange.chains() + " chains, got " + chains + ".");
            }
            if (exchange.temperatures()[0] != temperature) {
                throw new InvalidParameterException("replicas", "The ladder's first temperature, "
                        + exchange.temperatures()[0] + ", must be the run's, " + temperature + ".");
            }
        }
        if (rule.state().acceptTest()) {
            String name = Character.toUpperCase(rule.name().charAt(0)) + rule.name().substring(1);
            if (!(temperature > 0) || (temperatures != null && !(temperatures.lowest() > 0))) {
                throw new InvalidParameterException("temperature", name + " needs a temperature above 0.");
            }
            if (!(estimator instanceof FullGradient)) {
                throw new InvalidParameterException("batchSize", name + " uses the exact gradient, not minibatches.");
            }
        }
    }

    /** The algorithm's name: the rule's, or sgld-cv for SGLD with the control-variate gradient. */
    public String algorithm() {
        return dev.langevin.algorithm.Algorithms.nameOf(rule, estimator);
    }

    /** The algorithm with its rule's parameters, for run.json and the terminal. */
    public String algorithmDescription() {
        return dev.langevin.algorithm.Algorithms.describe(rule, estimator);
    }

    /** Kept draws per chain. */
    public int draws() {
        return (int) ((rule.samplingSteps(steps - 1L) - rule.samplingSteps(burnIn - 1L)) / thin);
    }

    /** Dimension of the target. */
    public int dim() {
        return target.dim();
    }

    /** Whether the state after step k is kept. */
    public boolean kept(int step) {
        return step >= burnIn && rule.sampling(step) && samplingSince(step) % thin == 0;
    }

    /** Index of the draw kept after step k (valid when {@link #kept(int)}). */
    public int drawIndex(int step) {
        return (int) (samplingSince(step) / thin - 1);
    }

    /** Sampling steps in burnIn .. step. */
    private long samplingSince(int step) {
        return rule.samplingSteps(step) - rule.samplingSteps(burnIn - 1L);
    }

    /** A copy covering chains [firstChain + from, firstChain + from + count): the same numbers, fewer chains. */
    public Plan slice(int from, int count) {
        return new Plan(target, estimator, rule, stepSize, temperature, count, firstChain + from, steps, burnIn, thin,
                init, seed, stepGroups, temperatures, exchange);
    }

    /** The same plan keeping other draws: those after {@code burnIn} steps, every {@code thin}-th. */
    public Plan withDraws(int burnIn, int thin) {
        return new Plan(target, estimator, rule, stepSize, temperature, chains, firstChain, steps, burnIn, thin, init,
                seed, stepGroups, temperatures, exchange);
    }

    /** The same plan with another step-size schedule. */
    public Plan withStepSize(StepSizeSchedule schedule) {
        return new Plan(target, estimator, rule, schedule, temperature, chains, firstChain, steps, burnIn, thin, init,
                seed, stepGroups, temperatures, exchange);
    }

    /** The same plan with replica exchange. */
    public Plan withExchange(ReplicaExchange replicas) {
        return new Plan(target, estimator, rule, stepSize, temperature, chains, firstChain, steps, burnIn, thin, init,
                seed, stepGroups, temperatures, replicas);
    }

    /**
     * Each of the plan's chains' factor of the temperature (its rung's T_r / T_0 under replica
     * exchange), or null when they all run at T_k.
     */
    public double[] chainTemperatureFactors() {
        if (exchange == null) {
            return null;
        }
        double[] out = new double[chains];
        for (int c = 0; c < chains; c++) {
            out[c] = exchange.temperatureFactor(firstChain + c);
        }
        return out;
    }

    /**
     * Steps of the launch from {@code start}: at most {@code k}, and ending where an exchange is
     * due, so that the host can make it between launches.
     */
    public int launchLength(int start, int k) {
        int fused = Math.min(k, steps - start);
        if (exchange != null) {
            fused = Math.min(fused, exchange.every() - start % exchange.every());
        }
        return fused;
    }

    /** T_k, the temperature of step k. */
    public double temperatureAt(long step) {
        return temperatures == null ? temperature : temperatures.temperature(step);
    }

    /** The same plan with a temperature schedule (its last temperature becomes the plan's). */
    public Plan withTemperatures(TemperatureSchedule schedule) {
        return new Plan(target, estimator, rule, stepSize, schedule.last(), chains, firstChain, steps, burnIn, thin, init,
                seed, stepGroups, schedule, exchange);
    }

    /** The same plan with per-chain factors of the step size. */
    public Plan withStepGroups(StepGroups groups) {
        return new Plan(target, estimator, rule, stepSize, temperature, chains, firstChain, steps, burnIn, thin, init,
                seed, groups, temperatures, exchange);
    }

    /**
     * Each of the plan's chains' factor of the step size (index c for global chain firstChain + c),
     * or null when they all take eta_k.
     */
    public double[] chainFactors() {
        if (stepGroups == null) {
            return null;
        }
        double[] out = new double[chains];
        for (int c = 0; c < chains; c++) {
            out[c] = stepGroups.factor(firstChain + c);
        }
        return out;
    }
}
