package dev.langevin.schedule;

import dev.langevin.error.InvalidParameterException;
import dev.langevin.error.Names;

import java.util.List;
import java.util.Locale;

/**
 * The temperature T_k as a function of the step index k, evaluated on the host only, as step
 * sizes are (docs/DESIGN.md contract 3): a launch receives each step's noise scale
 * sqrt(2 eta_k T_k). {@code geometric:t0=T0,t1=T1,steps=S} anneals from T0 at step 0 to T1 at step
 * S geometrically, T_k = T0 (T1 / T0)^(k / S), and stays at T1 after; annealing within the
 * burn-in helps chains cross barriers before the draws are kept at T1.
 */
public interface TemperatureSchedule {
    /** The forms a --temperature-schedule may take. */
    String FORMS = "constant:t=T or geometric:t0=T0,t1=T1,steps=S";

    /** T_k for step index k (from 0). */
    double temperature(long step);

    /** The temperature after the schedule's last change, which the kept draws should be at. */
    double last();

    /** The smallest temperature of any step. */
    double lowest();

    /** The schedule as it is written on the command line, for run.json. */
    String describe();

    /** Fills {@code out[i] = T_{first + i}}. */
    default void fill(long first, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = temperature(first + i);
        }
    }

    /** A constant temperature. */
    record Constant(double t) implements TemperatureSchedule {
        @Override
        public double temperature(long step) {
            return t;
        }

        @Override
        public double last() {
            return t;
        }

        @Override
        public double lowest() {
            return t;
        }

        @Override
        public String describe() {
            return "constant:t=" + t;
        }
    }

    /**
     * Geometric annealing from t0 to t1 over the first {@code steps} steps.
     *
     * @param t0    the temperature at step 0, positive
     * @param t1    the temperature from step {@code steps} on, positive
     * @param steps steps of the annealing, at least 1
     */
    record Geometric(double t0, double t1, long steps) implements TemperatureSchedule {
        @Override
        public double temperature(long step) {
            return step >= steps ? t1 : t0 * Math.pow(t1 / t0, (double) step / steps);
        }

        @Override
        public double last() {
            return t1;
        }

        @Override
        public double lowest() {
            return Math.min(t0, t1);
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "geometric:t0=%s,t1=%s,steps=%d", t0, t1, steps);
        }
    }

    /**
     * Parses a schedule written as {@link #FORMS}.
     *
     * @throws InvalidParameterException naming --temperature-schedule
     */
    static TemperatureSchedule parse(String text) {
        int colon = text.indexOf(':');
        String kind = colon < 0 ? text.strip() : text.substring(0, colon).strip();
        java.util.Map<String, Double> values = new java.util.HashMap<>();
        if (colon >= 0) {
            for (String pair : text.substring(colon + 1).split(",")) {
                int eq = pair.indexOf('=');
                Double value = null;
                if (eq > 0) {
                    try {
                        value = Double.parseDouble(pair.substring(eq + 1).strip());
                    } catch (NumberFormatException e) {
                        // refused below
                    }
                }
                if (value == null || !Double.isFinite(value)) {
                    throw new InvalidParameterException("temperatureSchedule", "The temperature schedule " + text + ": '"
                            + pair + "' is not name=number; the forms are " + FORMS + ".");
                }
                values.put(pair.substring(0, eq).strip(), value);
            }
        }
        TemperatureSchedule schedule = switch (kind) {
            case "constant" -> new Constant(take(text, values, "t", false));
            case "geometric" -> {
                double t0 = take(text, values, "t0", true);
                double t1 = take(text, values, "t1", true);
                double steps = take(text, values, "steps", true);
                if (steps != Math.rint(steps) || steps > Integer.MAX_VALUE) {
                    throw new InvalidParameterException("temperatureSchedule", "The temperature schedule " + text
                            + ": steps must be a whole number of at least 1.");
                }
                yield new Geometric(t0, t1, (long) steps);
            }
            default -> throw new InvalidParameterException("temperatureSchedule", "The temperature schedule " + text
                    + " is not one of " + FORMS + Names.closest(kind, List.of("constant", "geometric"))
                    .map(k -> "; did you mean " + k + "?").orElse("."));
        };
        if (!values.isEmpty()) {
            throw new InvalidParameterException("temperatureSchedule", "The temperature schedule " + text
                    + ": unknown argument " + values.keySet().iterator().next() + "; the forms are " + FORMS + ".");
        }
        return schedule;
    }

    private static double take(String text, java.util.Map<String, Double> values, String name, boolean positive) {
        Double v = values.remove(name);
        if (v == null) {
            throw new InvalidParameterException("temperatureSchedule", "The temperature schedule " + text + " needs "
                    + name + "=...; the forms are " + FORMS + ".");
        }
        if (positive ? !(v > 0) : !(v >= 0)) {
            throw new InvalidParameterException("temperatureSchedule", "The temperature schedule " + text + ": " + name
                    + " must be " + (positive ? "positive" : "at least 0") + ", got " + v + ".");
        }
        return v;
    }
}
