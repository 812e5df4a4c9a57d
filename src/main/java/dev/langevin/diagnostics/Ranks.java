package dev.langevin.diagnostics;

import java.util.Arrays;

/**
 * Ranks 1..n with ties given their average rank (R's {@code rank(ties.method = "average")}).
 * Sorts one primitive copy and finds each value's run of equal values by binary search,
 * which keeps millions of draws free of boxed indices.
 */
public final class Ranks {
    private Ranks() {
    }

    /** The average rank of each value among all of them; values must not be NaN. */
    public static double[] of(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] ranks = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            ranks[i] = averageRank(sorted, values[i]);
        }
        return ranks;
    }

    /** The average 1-based rank of v in sorted values: the mean of its first and last positions. */
    static double averageRank(double[] sorted, double v) {
        int first = lowerBound(sorted, v);
        int afterLast = first;
        if (afterLast < sorted.length && sorted[afterLast] == v) {
            afterLast = upperBound(sorted, v, first);
        }
        return (first + 1 + afterLast) / 2.0;
    }

    private static int lowerBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] sorted, double v, int from) {
        int lo = from;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
