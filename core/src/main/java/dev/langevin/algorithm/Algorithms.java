package dev.langevin.algorithm;

import dev.langevin.error.InvalidParameterException;
import dev.langevin.error.Names;
import dev.langevin.schedule.Cyclical;
import dev.langevin.schedule.StepSizeSchedule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of algorithms by command-line name: each is an update rule and the kind of
 * gradient estimate it takes. A rule describes its own per-chain state ({@link UpdateRule#state});
 * the engines each map a rule to their kernel in one place. {@code sgld-cv} is the SGLD rule with
 * the control-variate gradient, not a rule of its own.
 */
public final class Algorithms {
    /** The gradient estimate an algorithm takes. */
    public enum Gradient {
        /** The full gradient, or minibatches with --batch-size. */
        ANY,
        /** The exact gradient only (an accept test needs it). */
        EXACT,
        /** The control-variate gradient around a mode (data targets with --batch-size). */
        CONTROL_VARIATE
    }

    /** Builds an algorithm's rule from the settings and the run's step size schedule. */
    @FunctionalInterface
    public interface Factory {
        UpdateRule create(Settings settings, StepSizeSchedule schedule);
    }

    /**
     * A registered algorithm.
     *
     * @param name     the command-line name
     * @param rule     the name of its update rule (the same but for sgld-cv, whose rule is sgld)
     * @param gradient the gradient estimate it takes
     * @param factory  builds its rule
     */
    public record Entry(String name, String rule, Gradient gradient, Factory factory) {
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        add(new Entry("sgld", "sgld", Gradient.ANY, (s, schedule) -> new Sgld()));
        add(new Entry("psgld", "psgld", Gradient.ANY, (s, schedule) -> new Psgld(s.alpha(), s.lambda())));
        add(new Entry("sghmc", "sghmc", Gradient.ANY, (s, schedule) -> new Sghmc(
                Double.isNaN(s.friction()) ? Sghmc.DEFAULT_FRICTION : s.friction(), s.noiseEstimate(),
                s.resampleMomentum())));
        add(new Entry("sgnht", "sgnht", Gradient.ANY, (s, schedule) -> new Sgnht(
                Double.isNaN(s.friction()) ? Sgnht.DEFAULT_FRICTION : s.friction())));
        add(new Entry("mala", "mala", Gradient.EXACT, (s, schedule) -> new Mala()));
        add(new Entry("csgld", "csgld", Gradient.ANY, (s, schedule) -> {
            if (!(schedule instanceof Cyclical cyclical)) {
                throw new InvalidParameterException("schedule", "Csgld needs a cyclical step size schedule, "
                        + "cyclic:eta0=E,cycles=M.");
            }
            return new Csgld(cyclical, s.exploration());
        }));
        add(new Entry("sgld-cv", "sgld", Gradient.CONTROL_VARIATE, (s, schedule) -> new Sgld()));
        add(new Entry("sgd", "sgd", Gradient.ANY, (s, schedule) -> new Sgd()));
        add(new Entry("adam", "adam", Gradient.ANY, (s, schedule) -> new Adam()));
    }

    /** Names accepted by {@code --algorithm}. */
    public static final List<String> NAMES = List.copyOf(ENTRIES.keySet());

    private Algorithms() {
    }

    private static void add(Entry entry) {
        ENTRIES.put(entry.name(), entry);
    }

    /** The entry for a name, or an error listing the known names. */
    public static Entry entry(String name) {
        Entry entry = ENTRIES.get(name);
        if (entry == null) {
            throw new InvalidParameterException("algorithm", Names.unknown("algorithm", name, NAMES));
        }
        return entry;
    }

    /**
     * The algorithm a rule and gradient estimate make: the entry of that rule whose gradient kind
     * the estimate is ({@code sgld-cv} for SGLD with the control-variate gradient).
     */
    public static String nameOf(UpdateRule rule, GradientEstimator estimator) {
        boolean controlVariate = estimator instanceof ControlVariateGradient;
        for (Entry entry : ENTRIES.values()) {
            if (entry.rule().equals(rule.name()) && (entry.gradient() == Gradient.CONTROL_VARIATE) == controlVariate) {
                return entry.name();
            }
        }
        return rule.name();
    }

    /** The algorithm's name with its rule's parameters ({@code sgld-cv} for SGLD with the control-variate gradient). */
    public static String describe(UpdateRule rule, GradientEstimator estimator) {
        String name = nameOf(rule, estimator);
        return name.equals(rule.name()) ? rule.describe() : name + rule.describe().substring(rule.name().length());
    }

    /**
     * The rules' parameters, each used only by the rule it names.
     *
     * @param alpha            psgld: decay of the squared-gradient average
     * @param lambda           psgld: the preconditioner's damping
     * @param friction         sghmc: alpha; sgnht: a; NaN for each rule's default
     * @param noiseEstimate    sghmc: beta
     * @param resampleMomentum sghmc: steps between momentum refreshes (0: only at the start)
     * @param exploration      csgld: the fraction of each cycle spent exploring
     */
    public record Settings(double alpha, double lambda, double friction, double noiseEstimate, int resampleMomentum,
                           double exploration) {
        /** Every parameter at its default. */
        public static Settings defaults() {
            return new Settings(Psgld.DEFAULT_ALPHA, Psgld.DEFAULT_LAMBDA, Double.NaN, 0, 0,
                    Csgld.DEFAULT_EXPLORATION);
        }
    }

    /** The rule for a name with default parameters (csgld needs its schedule: use {@link #create}). */
    public static UpdateRule byName(String name) {
        return create(name, Settings.defaults(), null);
    }

    /**
     * The rule for a name, or an error listing the known names.
     *
     * @param schedule the run's step size schedule; csgld needs a cyclical one
     */
    public static UpdateRule create(String name, Settings settings, StepSizeSchedule schedule) {
        return entry(name).factory().create(settings, schedule);
    }
}
