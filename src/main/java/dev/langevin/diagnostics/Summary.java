package dev.langevin.diagnostics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Per-parameter summaries of a run's draws, parameters in parallel. Chains listed as
 * divergent are left out, so one chain that blew up never poisons the summaries of the
 * others (docs/DESIGN.md contract 5); nested R-hat uses only superchains with no divergent chain.
 */
public final class Summary {
    private Summary() {
    }

    /**
     * @param draws          the kept draws
     * @param names          one name per parameter
     * @param excludedChains chain indices to leave out
     * @param superchains    number of superchains K (consecutive groups of C / K chains), or 0 for none
     */
    public static List<ParameterSummary> of(DrawSource draws, List<String> names, Set<Integer> excludedChains,
                                            int superchains) {
        int[] kept = IntStream.range(0, draws.chains()).filter(c -> !excludedChains.contains(c)).toArray();
        int[] nestedChains = new int[0];
        int[] nestedGroups = new int[0];
        if (superchains > 0) {
            int size = Superchains.size(draws.chains(), superchains);
            nestedChains = IntStream.range(0, draws.chains())
                    .filter(c -> IntStream.range(c / size * size, (c / size + 1) * size).noneMatch(excludedChains::contains))
                    .toArray();
            nestedGroups = new int[nestedChains.length];
            for (int i = 0; i < nestedChains.length; i++) {
                nestedGroups[i] = i / size;
            }
        }
        int[] nested = nestedChains;
        int[] groups = nestedGroups;
        ParameterSummary[] rows = new ParameterSummary[draws.dims()];
        IntStream.range(0, draws.dims()).parallel().forEach(j -> {
            try {
                rows[j] = summarise(draws, j, names.get(j), kept, nested, groups, superchains > 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return new ArrayList<>(List.of(rows));
    }

    private static ParameterSummary summarise(DrawSource draws, int dim, String name, int[] chains, int[] nested,
                                              int[] groups, boolean wantNested) throws IOException {
        if (chains.length == 0) {
            double nan = Double.NaN;
            return new ParameterSummary(name, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan);
        }
        double[] values = new double[chains.length * draws.draws()];
        draws.read(dim, chains, values);
        Chains x = new Chains(values, chains.length, draws.draws());
        double[] q = Quantiles.of(values, 0.05, 0.5, 0.95);
        double mean = Moments.mean(values);
        double sd = values.length > 1 ? Math.sqrt(Moments.variance(values)) : Double.NaN;
        double rhatNested = Double.NaN;
        if (wantNested && groups.length > 0 && groups[groups.length - 1] > 0) {
            double[] nestedValues = new double[nested.length * draws.draws()];
            draws.read(dim, nested, nestedValues);
            rhatNested = RHat.nested(new Chains(nestedValues, nested.length, draws.draws()), groups);
        }
        // the rank-normalised split chains serve both bulk R-hat and bulk-ESS
        Chains split = x.split();
        Chains bulk = RankNormalization.zScale(split);
        Chains tail = RankNormalization.zScale(RankNormalization.fold(x).split());
        double rhatBulk = RHat.rhat(bulk);
        double rhatTail = RHat.rhat(tail);
        double rhat = Double.isNaN(rhatBulk) || Double.isNaN(rhatTail) ? Double.NaN : Math.max(rhatBulk, rhatTail);
        double mcse = sd / Math.sqrt(Ess.ess(split));
        return new ParameterSummary(name, mean, sd, q[0], q[1], q[2], mcse, Ess.ess(bulk), Ess.tail(x), rhat, rhatNested);
    }
}
