package dev.langevin.algorithm;

import dev.langevin.error.InvalidParameterException;
import dev.langevin.error.Names;
import dev.langevin.schedule.Cyclical;
import dev.langevin.schedule.StepSizeSchedule;

import java.util.List;

/** The update rules by command-line name. */
public final class Algorithms {
    /** Names accepted by {@code --algorithm}. */
    public static final List<String> NAMES = List.of("sgld", "psgld", "sghmc", "mala", "csgld", "sgld-cv", "sgd", "adam");

    private Algorithms() {
    }

    /**
     * The rules' parameters, each used only by the rule it names.
     *
     * @param alpha            psgld: decay of the squared-gradient average
     * @param lambda           psgld: the preconditioner's damping
     * @param friction         sghmc: alpha
     * @param noiseEstimate    sghmc: beta
     * @param resampleMomentum sghmc: steps between momentum refreshes (0: only at the start)
     * @param exploration      csgld: the fraction of each cycle spent exploring
     */
    public record Settings(double alpha, double lambda, double friction, double noiseEstimate, int resampleMomentum,
                           double exploration) {
        /** Every parameter at its default. */
        public static Settings defaults() {
            return new Settings(Psgld.DEFAULT_ALPHA, Psgld.DEFAULT_LAMBDA, Sghmc.DEFAULT_FRICTION, 0, 0,
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
        return switch (name) {
            case "sgld" -> new Sgld();
            case "psgld" -> new Psgld(settings.alpha(), settings.lambda());
            case "sghmc" -> new Sghmc(settings.friction(), settings.noiseEstimate(), settings.resampleMomentum());
            case "mala" -> new Mala();
            case "csgld" -> {
                if (!(schedule instanceof Cyclical cyclical)) {
                    throw new InvalidParameterException("schedule", "Csgld needs a cyclical step size schedule, "
                            + "cyclic:eta0=E,cycles=M.");
                }
                yield new Csgld(cyclical, settings.exploration());
            }
            case "sgld-cv" -> new Sgld("sgld-cv");
            case "sgd" -> new Sgd();
            case "adam" -> new Adam();
            default -> throw new InvalidParameterException("algorithm", Names.unknown("algorithm", name, NAMES));
        };
    }
}
