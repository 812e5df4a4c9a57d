package dev.langevin.engine;

import dev.langevin.error.InvalidParameterException;

import java.util.Arrays;
import java.util.Locale;

/**
 * Step sizes that differ between chains in one plan: chain c (its global index) takes eta_k
 * times {@code factors[c / groupSize]} at every step k, and so the noise scale
 * sqrt(2 eta_k factor T). Chains in groups of {@code groupSize}, each group its own factor:
 * {@code langevin tune} runs every step size of its grid as one plan this way.
 *
 * @param groupSize chains per group, at least 1
 * @param factors   each group's factor of the step size, positive and finite
 */
public record StepGroups(int groupSize, double[] factors) {
    /** Checks the sizes and factors. */
    public StepGroups {
        if (groupSize < 1) {
            throw new IllegalArgumentException("a step group needs at least one chain, got " + groupSize + ".");
        }
        if (factors.length == 0) {
            throw new IllegalArgumentException("step groups need at least one factor.");
        }
        for (double f : factors) {
            if (!(f > 0) || Double.isInfinite(f)) {
                throw new InvalidParameterException("stepSize", "A step size factor must be positive and finite, got " + f + ".");
            }
        }
        factors = factors.clone();
    }

    /** The factors of the global chains given. */
    public static StepGroups of(int groupSize, double... factors) {
        return new StepGroups(groupSize, factors);
    }

    /** The factor of global chain c. */
    public double factor(int chain) {
        return factors[chain / groupSize];
    }

    /** The group of global chain c. */
    public int group(int chain) {
        return chain / groupSize;
    }

    /** Chains the groups cover. */
    public long chains() {
        return (long) groupSize * factors.length;
    }

    /** The factors (a copy). */
    @Override
    public double[] factors() {
        return factors.clone();
    }

    /** For run.json and the terminal. */
    public String describe() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "groups of %d chains, factors ", groupSize));
        for (int g = 0; g < factors.length; g++) {
            text.append(g == 0 ? "" : ":").append(String.format(Locale.ROOT, "%.6g", factors[g]));
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StepGroups g && g.groupSize == groupSize && Arrays.equals(g.factors, factors);
    }

    @Override
    public int hashCode() {
        return 31 * groupSize + Arrays.hashCode(factors);
    }

    @Override
    public String toString() {
        return describe();
    }
}
