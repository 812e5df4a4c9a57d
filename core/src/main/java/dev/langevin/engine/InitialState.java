package dev.langevin.engine;

import dev.langevin.error.InvalidParameterException;
import dev.langevin.error.Names;
import dev.langevin.rng.Noise;
import dev.langevin.rng.Stream;

import java.util.Arrays;
import java.util.List;

/**
 * Where chains start. Random starts read noise stream 4 at (chain, step 0, coordinate), so a
 * chain's start depends only on the seed and its global index.
 */
public sealed interface InitialState {
    /** The forms accepted by {@code --init}. */
    String FORMS = "uniform:LO,HI, normal:MEAN,SD or point:X1,X2,...";

    /** Coordinate j of chain c's starting point. */
    double value(Noise noise, int chain, int coordinate);

    /** The form as written on the command line. */
    String describe();

    /** Uniform on [lo, hi] in every coordinate. */
    record Uniform(double lo, double hi) implements InitialState {
        @Override
        public double value(Noise noise, int chain, int coordinate) {
            return at(noise.uniform(chain, 0, coordinate, Stream.INITIAL_STATE));
        }

        /** The value for a uniform u on [0, 1) drawn from the noise (engines that draw it themselves). */
        public double at(double u) {
            return lo + (hi - lo) * u;
        }

        @Override
        public String describe() {
            return "uniform:" + lo + "," + hi;
        }
    }

    /** Normal with the given mean and standard deviation in every coordinate. */
    record Normal(double mean, double sd) implements InitialState {
        @Override
        public double value(Noise noise, int chain, int coordinate) {
            return at(noise.normal(chain, 0, coordinate, Stream.INITIAL_STATE));
        }

        /** The value for a standard normal z drawn from the noise (engines that draw it themselves). */
        public double at(float z) {
            return mean + sd * z;
        }

        @Override
        public String describe() {
            return "normal:" + mean + "," + sd;
        }
    }

    /**
     * Starts shared by groups of consecutive chains (superchains for nested R-hat): every chain
     * of a group starts where the group's first chain would.
     */
    record Grouped(InitialState inner, int groupSize) implements InitialState {
        @Override
        public double value(Noise noise, int chain, int coordinate) {
            return inner.value(noise, chain / groupSize * groupSize, coordinate);
        }

        @Override
        public String describe() {
            return inner.describe() + " (shared by each superchain of " + groupSize + " chains)";
        }
    }

    /** The same point for every chain. */
    record Point(double[] coordinates) implements InitialState {
        @Override
        public double value(Noise noise, int chain, int coordinate) {
            return coordinates[coordinate];
        }

        @Override
        public String describe() {
            StringBuilder text = new StringBuilder("point:");
            for (int j = 0; j < coordinates.length; j++) {
                text.append(j == 0 ? "" : ",").append(coordinates[j]);
            }
            return text.toString();
        }
    }

    /**
     * Parses an --init value for a d-dimensional target; a point with one value is repeated
     * in every coordinate.
     */
    static InitialState parse(String text, int dim) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new InvalidParameterException("init", "The initial state " + text + " is not one of " + FORMS + ".");
        }
        String kind = text.substring(0, colon).strip();
        String[] parts = text.substring(colon + 1).split(",");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new InvalidParameterException("init", "The initial state " + text + ": '" + parts[i].strip() + "' is not a number.");
            }
            if (!Double.isFinite(v[i])) {
                throw new InvalidParameterException("init", "The initial state " + text + ": '" + parts[i].strip() + "' is not finite.");
            }
        }
        return switch (kind) {
            case "uniform" -> {
                if (v.length != 2 || !(v[0] < v[1])) {
                    throw new InvalidParameterException("init", "The initial state " + text + " needs uniform:LO,HI with LO < HI.");
                }
                yield new Uniform(v[0], v[1]);
            }
            case "normal" -> {
                if (v.length != 2 || !(v[1] >= 0)) {
                    throw new InvalidParameterException("init", "The initial state " + text + " needs normal:MEAN,SD with SD >= 0.");
                }
                yield new Normal(v[0], v[1]);
            }
            case "point" -> {
                if (v.length == 1) {
                    double[] repeated = new double[dim];
                    Arrays.fill(repeated, v[0]);
                    yield new Point(repeated);
                }
                if (v.length != dim) {
                    throw new InvalidParameterException("init", "The initial state " + text + " has " + v.length
                            + " coordinates but the target has dimension " + dim + "; give one value or " + dim + ".");
                }
                yield new Point(v);
            }
            default -> throw new InvalidParameterException("init", "The initial state " + text + " is not one of " + FORMS
                    + Names.closest(kind, List.of("uniform", "normal", "point")).map(k -> "; did you mean " + k + "?")
                    .orElse("."));
        };
    }
}
