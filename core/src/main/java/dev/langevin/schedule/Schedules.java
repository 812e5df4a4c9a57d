package dev.langevin.schedule;

import dev.langevin.error.InvalidParameterException;
import dev.langevin.error.Names;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Parses schedules written as {@code constant:eta=0.01}, {@code poly:a=..,b=..,gamma=..}, {@code cyclic:eta0=..,cycles=..}. */
public final class Schedules {
    /** The forms a --schedule may take, for help and error messages. */
    public static final String FORMS = "constant:eta=E, poly:a=A,b=B,gamma=G or cyclic:eta0=E,cycles=M";

    private Schedules() {
    }

    /**
     * Parses a schedule.
     *
     * @param text       the schedule as written on the command line
     * @param totalSteps the run's step count (cyclic schedules need it)
     * @param warnings   receives warnings (gamma outside (1/2, 1])
     */
    public static StepSizeSchedule parse(String text, long totalSteps, Consumer<String> warnings) {
        int colon = text.indexOf(':');
        String kind = colon < 0 ? text.strip() : text.substring(0, colon).strip();
        Map<String, Double> values = arguments(text, colon < 0 ? "" : text.substring(colon + 1));
        StepSizeSchedule schedule = switch (kind) {
            case "constant" -> new Constant(positive(text, "eta", take(text, values, "eta")));
            case "poly" -> {
                double a = positive(text, "a", take(text, values, "a"));
                double b = take(text, values, "b");
                double gamma = positive(text, "gamma", take(text, values, "gamma"));
                if (!(b > 0)) {
                    throw new InvalidParameterException("schedule", "The step size schedule " + text + ": b must be positive so that eta_0 = a b^-gamma is finite.");
                }
                Polynomial poly = new Polynomial(a, b, gamma);
                if (!poly.robbinsMonro()) {
                    warnings.accept("Step size schedule " + text + ": gamma = " + gamma
                            + " is outside (0.5, 1], so the Robbins-Monro conditions do not hold.");
                }
                yield poly;
            }
            case "cyclic" -> {
                double eta0 = positive(text, "eta0", take(text, values, "eta0"));
                double cycles = take(text, values, "cycles");
                if (cycles < 1 || cycles != Math.rint(cycles) || cycles > totalSteps) {
                    throw new InvalidParameterException("schedule", "The step size schedule " + text + ": cycles must be a whole number from 1 to steps ("
                            + totalSteps + ").");
                }
                yield new Cyclical(eta0, (int) cycles, totalSteps);
            }
            default -> throw new InvalidParameterException("schedule", "The step size schedule " + text + " is not one of "
                    + FORMS + Names.closest(kind, List.of("constant", "poly", "cyclic")).map(k -> "; did you mean " + k + "?")
                    .orElse("."));
        };
        if (!values.isEmpty()) {
            throw new InvalidParameterException("schedule", "The step size schedule " + text + ": unknown argument " + values.keySet().iterator().next()
                    + "; the forms are " + FORMS + ".");
        }
        return schedule;
    }

    private static Map<String, Double> arguments(String text, String list) {
        Map<String, Double> values = new HashMap<>();
        if (list.isBlank()) {
            return values;
        }
        for (String pair : List.of(list.split(","))) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new InvalidParameterException("schedule", "The step size schedule " + text + ": '" + pair + "' is not name=value; the forms are " + FORMS + ".");
            }
            String value = pair.substring(eq + 1).strip();
            try {
                values.put(pair.substring(0, eq).strip(), Double.parseDouble(value));
            } catch (NumberFormatException e) {
                throw new InvalidParameterException("schedule", "The step size schedule " + text + ": '" + value + "' is not a number.");
            }
        }
        return values;
    }

    private static double take(String text, Map<String, Double> values, String name) {
        Double v = values.remove(name);
        if (v == null || !Double.isFinite(v)) {
            throw new InvalidParameterException("schedule", "The step size schedule " + text + " needs a finite " + name + "=...; the forms are " + FORMS + ".");
        }
        return v;
    }

    private static double positive(String text, String name, double v) {
        if (!(v > 0)) {
            throw new InvalidParameterException("schedule", "The step size schedule " + text + ": " + name + " must be positive, got " + v + ".");
        }
        return v;
    }
}
