package dev.langevin.diagnostics;

import dev.langevin.engine.InMemoryDraws;

import org.apache.commons.statistics.descriptive.DoubleStatistics;
import org.apache.commons.statistics.descriptive.Quantile;
import org.apache.commons.statistics.descriptive.Statistic;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Per-parameter summaries of a run's draws. Chains listed as divergent are left out, so one
 * chain that blew up never poisons the summaries of the others (docs/DESIGN.md contract 5).
 */
public final class Summary {
    private static final double[] PROBABILITIES = {0.05, 0.5, 0.95};
    private static final Quantile QUANTILE = Quantile.withDefaults().withCopy(true).with(Quantile.EstimationMethod.HF7);

    private Summary() {
    }

    /**
     * @param draws           the kept draws
     * @param names           one name per dimension
     * @param excludedChains  chain indices (0-based within the draws) to leave out
     */
    public static List<ParameterSummary> of(InMemoryDraws draws, List<String> names, Set<Integer> excludedChains) {
        List<Integer> chains = new ArrayList<>();
        for (int c = 0; c < draws.chains(); c++) {
            if (!excludedChains.contains(c)) {
                chains.add(c);
            }
        }
        List<ParameterSummary> rows = new ArrayList<>(draws.dims());
        double[] values = new double[chains.size() * draws.draws()];
        for (int j = 0; j < draws.dims(); j++) {
            if (values.length == 0) {
                rows.add(new ParameterSummary(names.get(j), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN));
                continue;
            }
            int n = 0;
            for (int c : chains) {
                for (int t = 0; t < draws.draws(); t++) {
                    values[n++] = draws.get(c, t, j);
                }
            }
            DoubleStatistics stats = DoubleStatistics.of(java.util.EnumSet.of(Statistic.MEAN, Statistic.STANDARD_DEVIATION),
                    values);
            double[] q = QUANTILE.evaluate(values, PROBABILITIES);
            rows.add(new ParameterSummary(names.get(j), stats.getAsDouble(Statistic.MEAN),
                    stats.getAsDouble(Statistic.STANDARD_DEVIATION), q[0], q[1], q[2]));
        }
        return rows;
    }
}
