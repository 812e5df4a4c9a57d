package dev.langevin.predict;

import dev.langevin.data.Dataset;
import dev.langevin.diagnostics.DrawSource;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.model.Classifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A classifier's predictions on held-out rows from a run's draws. Each chain's predictive
 * distribution is the mean of p(y | x, theta) over its kept draws; the Bayesian model average
 * is the mean over every draw of every chain used. A chain with a non-finite draw is left out,
 * as the summaries leave out diverged chains.
 *
 * @param averaged  metrics of the average over all chains used
 * @param perChain  metrics of each chain used, in the order of {@link #chains}
 * @param chains    the chains used
 * @param skipped   chains left out for a non-finite draw
 * @param draws     draws per chain
 * @param averagedProbabilities the averaged predictive probabilities, rows x classes, row-major
 * @param reliability the reliability diagram's bins of the averaged predictive
 * @param functionSpace diagnostics of function-space quantities per draw of the chains used
 */
public record HeldOut(ClassificationMetrics averaged, List<ClassificationMetrics> perChain, int[] chains,
                      int[] skipped, int draws, double[] averagedProbabilities, Reliability reliability,
                      FunctionSpace functionSpace) {

    /**
     * Evaluates the draws of the listed chains on {@code test}.
     *
     * @throws InvalidParameterException ({@code data}) when the rows' columns or labels do not fit
     *                                   the classifier
     */
    public static HeldOut evaluate(Classifier model, DrawSource draws, List<Integer> chainList, Dataset test) {
        int f = model.features();
        int k = model.classes();
        InvalidParameterException.require(test.columns() == f, "data", "The held-out data have " + test.columns()
                + " feature columns but the model takes " + f + ".");
        int n = test.rows();
        int[] y = new int[n];
        float[] x = new float[n * f];
        for (int i = 0; i < n; i++) {
            double label = test.labels()[i];
            InvalidParameterException.require(label >= 0 && label < k && label == Math.rint(label), "data",
                    "Held-out row " + (i + 1) + " has label " + label + " but the model's classes are 0 .. " + (k - 1)
                            + ".");
            y[i] = (int) label;
            for (int j = 0; j < f; j++) {
                x[i * f + j] = (float) test.feature(i, j);
            }
        }
        int d = draws.dims();
        int t = draws.draws();
        int q = 1 + Math.min(FunctionSpace.POINTS, n);
        ChainSum[] sums = new ChainSum[chainList.size()];
        double[][][] perDraw = new double[chainList.size()][][];
        IntStream.range(0, chainList.size()).parallel().forEach(c -> {
            perDraw[c] = new double[t][q];
            sums[c] = chainSum(model, draws, chainList.get(c), d, t, x, y, perDraw[c]);
        });
        List<double[][]> functionValues = new ArrayList<>();
        List<ClassificationMetrics> perChain = new ArrayList<>();
        List<Integer> used = new ArrayList<>();
        List<Integer> skipped = new ArrayList<>();
        double[] total = new double[n * k];
        double[] mean = new double[n * k];
        double[] logTotal = new double[n];
        Arrays.fill(logTotal, Double.NEGATIVE_INFINITY);
        for (int c = 0; c < sums.length; c++) {
            if (sums[c] == null) {
                skipped.add(chainList.get(c));
                continue;
            }
            used.add(chainList.get(c));
            functionValues.add(perDraw[c]);
            for (int i = 0; i < n * k; i++) {
                total[i] += sums[c].p()[i];
                mean[i] = sums[c].p()[i] / t;
            }
            double[] logMean = new double[n];
            for (int i = 0; i < n; i++) {
                logMean[i] = sums[c].logLikelihood()[i] - Math.log(t);
                logTotal[i] = RegressionHeldOut.logAdd(logTotal[i], sums[c].logLikelihood()[i]);
            }
            perChain.add(ClassificationMetrics.of(mean, k, y, logLikelihood(mean, k, y, logMean)));
        }
        InvalidParameterException.require(!used.isEmpty() && t > 0, "draws", "There are no finite draws to predict with.");
        for (int i = 0; i < n * k; i++) {
            total[i] /= (double) used.size() * t;
        }
        for (int i = 0; i < n; i++) {
            logTotal[i] -= Math.log((double) used.size() * t);
        }
        FunctionSpace functionSpace = FunctionSpace.of(FunctionSpace.names(n, y),
                functionValues.toArray(double[][][]::new));
        return new HeldOut(ClassificationMetrics.of(total, k, y, logLikelihood(total, k, y, logTotal)),
                List.copyOf(perChain),
                used.stream().mapToInt(Integer::intValue).toArray(), skipped.stream().mapToInt(Integer::intValue).toArray(),
                t, total, Reliability.of(total, k, y), functionSpace);
    }

    /**
     * log p(y_i) of a predictive from its probabilities p, where p(y_i) is a normal double; where it underflows
     * (a point estimate confidently wrong), from {@code logs[i]}, the same computed in log space.
     */
    private static double[] logLikelihood(double[] p, int k, int[] y, double[] logs) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            double py = p[i * k + y[i]];
            out[i] = py >= Double.MIN_NORMAL ? Math.log(py) : logs[i];
        }
        return out;
    }

    /**
     * A chain's sums over its draws: of p(. | x_i, theta), rows x classes, and in log space of p(y_i | x_i, theta)
     * (log sum_s p_s(y_i)).
     */
    private record ChainSum(double[] p, double[] logLikelihood) {
    }

    /**
     * Chain c's sums over its draws; null when a draw is not finite. Fills {@code perDraw[s]} with draw s's held-out
     * mean log-likelihood and its probability of the true class of the first held-out rows.
     */
    private static ChainSum chainSum(Classifier model, DrawSource draws, int chain, int d, int t, float[] x, int[] y,
                                     double[][] perDraw) {
        int n = y.length;
        int f = model.features();
        int k = model.classes();
        double[][] columns = chainDraws(draws, chain, d, t);
        double[] sum = new double[n * k];
        double[] logSum = new double[n];
        Arrays.fill(logSum, Double.NEGATIVE_INFINITY);
        double[] p = new double[k];
        double[] logP = new double[k];
        float[] theta = new float[d];
        for (int s = 0; s < t; s++) {
            if (!drawAt(columns, s, theta)) {
                return null;
            }
            double logLik = 0;
            for (int i = 0; i < n; i++) {
                model.probabilities(theta, x, i * f, p);
                for (int c = 0; c < k; c++) {
                    sum[i * k + c] += p[c];
                }
                double logPy;
                if (p[y[i]] >= Double.MIN_NORMAL) {
                    logPy = Math.log(p[y[i]]);
                } else {
                    model.logProbabilities(theta, x, i * f, logP);
                    logPy = logP[y[i]];
                }
                logSum[i] = RegressionHeldOut.logAdd(logSum[i], logPy);
                logLik += logPy;
                if (i + 1 < perDraw[s].length) {
                    perDraw[s][i + 1] = p[y[i]];
                }
            }
            perDraw[s][0] = logLik / n;
        }
        return new ChainSum(sum, logSum);
    }

    /** Draw s of a chain's columns (see {@link #chainDraws}) into theta, in float; false when a coordinate is not finite. */
    static boolean drawAt(double[][] columns, int s, float[] theta) {
        for (int j = 0; j < theta.length; j++) {
            theta[j] = (float) columns[j][s];
            if (!Float.isFinite(theta[j])) {
                return false;
            }
        }
        return true;
    }

    /** Chain c's draws, columns[j][s] coordinate j of draw s; the source read by one thread at a time. */
    static double[][] chainDraws(DrawSource draws, int chain, int d, int t) {
        double[][] columns = new double[d][t];
        try {
            synchronized (draws) {
                draws.read(0, new int[] {chain}, 0, 1, columns);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return columns;
    }

    /** The median, min and max over chains of one metric. */
    public double[] spread(java.util.function.ToDoubleFunction<ClassificationMetrics> metric) {
        return spread(perChain.stream().mapToDouble(metric).toArray());
    }

    /** The median, min and max of some values. */
    static double[] spread(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length;
        double median = m % 2 == 1 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
        return new double[] {median, v[0], v[m - 1]};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeldOut h && averaged.equals(h.averaged) && perChain.equals(h.perChain)
                && Arrays.equals(chains, h.chains) && Arrays.equals(skipped, h.skipped) && draws == h.draws;
    }

    @Override
    public int hashCode() {
        return averaged.hashCode() * 31 + Arrays.hashCode(chains);
    }
}
