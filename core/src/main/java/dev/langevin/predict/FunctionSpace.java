package dev.langevin.predict;

import dev.langevin.diagnostics.DrawSource;
import dev.langevin.diagnostics.ParameterSummary;
import dev.langevin.diagnostics.Summary;

import java.util.List;
import java.util.Set;

/**
 * Convergence diagnostics of quantities of the function a classifier computes rather than of its
 * weights. The weights are not identifiable: permuting the hidden units (or flipping a tanh unit's
 * signs) gives the same function, so chains in different but equivalent modes disagree on every
 * weight and R-hat on weights says little. These quantities are the same in every such mode:
 * per draw, the held-out mean log-likelihood (1/n) sum_i log p(y_i | x_i, theta) and the predicted
 * probability of the true class of the first few held-out rows. They are summarised as the
 * parameters are (rank-normalised split R-hat, bulk and tail ESS) over the chains used.
 *
 * @param names   one name per quantity
 * @param values  values[chain][draw][quantity], the chains in the order of {@link HeldOut#chains()}
 * @param summary the summary of each quantity
 */
public record FunctionSpace(List<String> names, double[][][] values, List<ParameterSummary> summary) {
    /** Held-out rows whose probability of the true class is followed. */
    public static final int POINTS = 3;

    /** Why these quantities rather than the weights, in one sentence. */
    public static final String WHY = "The weights are not identifiable (permuting hidden units gives the same function), "
            + "so R-hat on weights says little; these quantities of the predictive function are the same in every "
            + "equivalent mode.";

    /** Names of the quantities for {@code rows} held-out rows with the given labels. */
    static List<String> names(int rows, int[] labels) {
        List<String> names = new java.util.ArrayList<>();
        names.add("held-out mean log-likelihood");
        for (int i = 0; i < Math.min(POINTS, rows); i++) {
            names.add("p(y = " + labels[i] + " | held-out row " + (i + 1) + ")");
        }
        return List.copyOf(names);
    }

    /** Summarises values[chain][draw][quantity] with the project's diagnostics. */
    static FunctionSpace of(List<String> names, double[][][] values) {
        DrawSource source = new DrawSource() {
            @Override
            public int chains() {
                return values.length;
            }

            @Override
            public int draws() {
                return values.length == 0 ? 0 : values[0].length;
            }

            @Override
            public int dims() {
                return names.size();
            }

            @Override
            public void read(int dim, int[] chainList, double[] out) {
                int t = draws();
                for (int i = 0; i < chainList.length; i++) {
                    for (int s = 0; s < t; s++) {
                        out[i * t + s] = values[chainList[i]][s][dim];
                    }
                }
            }
        };
        return new FunctionSpace(names, values, Summary.of(source, names, Set.of(), 0));
    }
}
