package dev.langevin.report;

import java.util.Arrays;
import java.util.Comparator;

/** Ranks 1..n of values, ties given their average rank, as the rank plots of Vehtari et al. (2021) use. */
public final class Ranks {
    private Ranks() {
    }

    /** The rank of each value among all of them. */
    public static double[] of(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[n];
        for (int start = 0; start < n; ) {
            int end = start;
            while (end + 1 < n && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            double average = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = average;
            }
            start = end + 1;
        }
        return ranks;
    }
}
