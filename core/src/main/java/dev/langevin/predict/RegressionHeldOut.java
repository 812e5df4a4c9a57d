package dev.langevin.predict;

import dev.langevin.data.Dataset;
import dev.langevin.diagnostics.DrawSource;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.model.Regressor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A regression's predictions on held-out rows from a run's draws, as {@link HeldOut} makes a
 * classifier's: each chain's predictive is the mixture over its kept draws of
 * N(f(x, theta_s), sigma^2), and the Bayesian model average the mixture over every draw of
 * every chain used; each is judged by the RMSE of its mean and its NLL per row (computed with
 * log-sum-exp, so that a far-off label gives a finite, large NLL). A chain with a non-finite
 * draw is left out. Function-space quantities per draw: the held-out mean log-likelihood and
 * the prediction f(x, theta) of the first {@value FunctionSpace#POINTS} held-out rows.
 *
 * @param averaged      metrics of the average over all chains used
 * @param perChain      metrics of each chain used, in the order of {@link #chains}
 * @param chains        the chains used
 * @param skipped       chains left out for a non-finite draw
 * @param draws         draws per chain
 * @param functionSpace diagnostics of function-space quantities per draw of the chains used
 */
public record RegressionHeldOut(RegressionMetrics averaged, List<RegressionMetrics> perChain, int[] chains,
                                int[] skipped, int draws, FunctionSpace functionSpace) {

    /**
     * Evaluates the draws of the listed chains on {@code test}.
     *
     * @throws InvalidParameterException ({@code data}) when the rows' columns do not fit the model or a label is
     *                                   not finite
     */
    public static RegressionHeldOut evaluate(Regressor model, DrawSource draws, List<Integer> chainList, Dataset test) {
        int f = model.features();
        InvalidParameterException.require(test.columns() == f, "data", "The held-out data have " + test.columns()
                + " feature columns but the model takes " + f + ".");
        int n = test.rows();
        double[] y = test.labels().clone();
        float[] x = new float[n * f];
        for (int i = 0; i < n; i++) {
            InvalidParameterException.require(Double.isFinite(y[i]), "data", "Held-out row " + (i + 1) + " has label "
                    + y[i] + "; a regression needs finite labels.");
            for (int j = 0; j < f; j++) {
                x[i * f + j] = (float) test.feature(i, j);
            }
        }
        int t = draws.draws();
        int q = 1 + Math.min(FunctionSpace.POINTS, n);
        double[][][] perDraw = new double[chainList.size()][][];
        Chain[] results = new Chain[chainList.size()];
        IntStream.range(0, chainList.size()).parallel().forEach(c -> {
            perDraw[c] = new double[t][q];
            results[c] = chain(model, draws, chainList.get(c), draws.dims(), t, x, y, perDraw[c]);
        });
        List<RegressionMetrics> perChain = new ArrayList<>();
        List<double[][]> functionValues = new ArrayList<>();
        List<Integer> used = new ArrayList<>();
        List<Integer> skipped = new ArrayList<>();
        double[] meanSum = new double[n];
        double[] logSum = new double[n];
        Arrays.fill(logSum, Double.NEGATIVE_INFINITY);
        for (int c = 0; c < results.length; c++) {
            if (results[c] == null) {
                skipped.add(chainList.get(c));
                continue;
            }
            used.add(chainList.get(c));
            functionValues.add(perDraw[c]);
            perChain.add(RegressionMetrics.of(results[c].mean, results[c].logDensity, y));
            for (int i = 0; i < n; i++) {
                meanSum[i] += results[c].mean[i];
                logSum[i] = logAdd(logSum[i], results[c].logDensity[i]);
            }
        }
        InvalidParameterException.require(!used.isEmpty() && t > 0, "draws", "There are no finite draws to predict with.");
        int m = used.size();
        for (int i = 0; i < n; i++) {
            meanSum[i] /= m;
            logSum[i] -= Math.log(m);
        }
        List<String> names = new ArrayList<>();
        names.add("held-out mean log-likelihood");
        for (int i = 1; i < q; i++) {
            names.add("prediction for held-out row " + i);
        }
        return new RegressionHeldOut(RegressionMetrics.of(meanSum, logSum, y), List.copyOf(perChain),
                used.stream().mapToInt(Integer::intValue).toArray(), skipped.stream().mapToInt(Integer::intValue).toArray(),
                t, FunctionSpace.of(List.copyOf(names), functionValues.toArray(double[][][]::new)));
    }

    /** A chain's predictive: per row the mean over its draws and the log of the mixture's density at the label. */
    private record Chain(double[] mean, double[] logDensity) {
    }

    /** Chain c's predictive, or null when a draw is not finite; fills perDraw[s] with the function-space values. */
    private static Chain chain(Regressor model, DrawSource draws, int chain, int d, int t, float[] x, double[] y,
                               double[][] perDraw) {
        int n = y.length;
        int f = model.features();
        double sigma = model.noiseSd();
        double logNormaliser = -Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
        double[][] columns = HeldOut.chainDraws(draws, chain, d, t);
        double[] mean = new double[n];
        double[] logDensity = new double[n];
        Arrays.fill(logDensity, Double.NEGATIVE_INFINITY);
        float[] theta = new float[d];
        for (int s = 0; s < t; s++) {
            if (!HeldOut.drawAt(columns, s, theta)) {
                return null;
            }
            double logLik = 0;
            for (int i = 0; i < n; i++) {
                double z = model.predict(theta, x, i * f);
                double r = (y[i] - z) / sigma;
                double logP = logNormaliser - 0.5 * r * r;
                mean[i] += z;
                logDensity[i] = logAdd(logDensity[i], logP);
                logLik += logP;
                if (i + 1 < perDraw[s].length) {
                    perDraw[s][i + 1] = z;
                }
            }
            perDraw[s][0] = logLik / n;
        }
        for (int i = 0; i < n; i++) {
            mean[i] /= t;
            logDensity[i] -= Math.log(t);
        }
        return new Chain(mean, logDensity);
    }

    /** log(e^a + e^b), exact where one of them is -infinity. */
    static double logAdd(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double max = Math.max(a, b);
        return max + Math.log1p(Math.exp(Math.min(a, b) - max));
    }

    /** The median, min and max over chains of one metric. */
    public double[] spread(java.util.function.ToDoubleFunction<RegressionMetrics> metric) {
        return HeldOut.spread(perChain.stream().mapToDouble(metric).toArray());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegressionHeldOut h && averaged.equals(h.averaged) && perChain.equals(h.perChain)
                && Arrays.equals(chains, h.chains) && Arrays.equals(skipped, h.skipped) && draws == h.draws;
    }

    @Override
    public int hashCode() {
        return averaged.hashCode() * 31 + Arrays.hashCode(chains);
    }
}
