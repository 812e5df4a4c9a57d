package dev.langevin.target;

import dev.langevin.error.InvalidParameterException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A target's parameters as given on the command line, {@code k=v,k=v}, with lists written
 * {@code 1:2:3}. Reading a parameter marks it used, so that unknown names can be refused.
 */
public final class Params {
    private final Map<String, String> values;
    private final Set<String> used = new TreeSet<>();

    private Params(Map<String, String> values) {
        this.values = values;
    }

    /** No parameters: every default applies. */
    public static Params empty() {
        return new Params(new LinkedHashMap<>());
    }

    /** Parses {@code k=v,k=v}; later keys replace earlier ones. */
    public static Params parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text != null && !text.isBlank()) {
            for (String pair : text.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || eq == pair.length() - 1) {
                    throw new InvalidParameterException("model." + pair.strip(), "Parameter '" + pair.strip()
                            + "' is not of the form name=value (lists are written 1:2:3).");
                }
                values.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
        }
        return new Params(values);
    }

    /** The parameters as given, for run.json. */
    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }

    /** Whether the parameter was given. */
    public boolean has(String name) {
        used.add(name);
        return values.containsKey(name);
    }

    /** A number, or its default. */
    public double number(String name, double fallback) {
        used.add(name);
        String v = values.get(name);
        return v == null ? fallback : parseNumber(name, v);
    }

    /** A string, or its default. */
    public String string(String name, String fallback) {
        used.add(name);
        return values.getOrDefault(name, fallback);
    }

    /**
     * A list of numbers {@code a:b:c}, or its default; a single number is repeated to
     * {@code length} when length is positive.
     */
    public double[] list(String name, double[] fallback, int length) {
        used.add(name);
        String v = values.get(name);
        double[] out;
        if (v == null) {
            out = fallback.clone();
        } else {
            String[] parts = v.split(":");
            out = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                out[i] = parseNumber(name, parts[i]);
            }
        }
        if (length > 0 && out.length == 1 && length != 1) {
            double single = out[0];
            out = new double[length];
            java.util.Arrays.fill(out, single);
        }
        if (length > 0 && out.length != length) {
            throw new InvalidParameterException("model." + name, "Parameter " + name + " has " + out.length
                    + " values but the dimension is " + length + "; give one value or " + length + ".");
        }
        return out;
    }

    /** The names read so far (by {@link #has}, {@link #number}, {@link #string} or {@link #list}). */
    public Set<String> read() {
        return Set.copyOf(used);
    }

    /** Refuses parameters that were never read: they are misspelt or belong to another target. */
    public void requireAllUsed(String target, Set<String> known) {
        for (String name : values.keySet()) {
            if (!used.contains(name)) {
                throw new InvalidParameterException("model." + name, "Parameter " + name + " is not a parameter of target " + target
                        + (known.isEmpty() ? "; it takes none." : "; it takes " + String.join(", ", known) + "."));
            }
        }
    }

    private static double parseNumber(String name, String text) {
        try {
            double v = Double.parseDouble(text.strip());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("model." + name, "Parameter " + name + "=" + text + " is not a finite number.");
        }
    }
}
