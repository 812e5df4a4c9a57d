package dev.langevin.engine;

import dev.langevin.TestData;
import dev.langevin.algorithm.Sgld;
import dev.langevin.data.Dataset;
import dev.langevin.engine.reference.ReferenceEngine;
import dev.langevin.schedule.Constant;
import dev.langevin.target.LinearRegression;
import dev.langevin.algorithm.FullGradient;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bayesian linear regression with known noise has a Gaussian posterior in closed form:
 * precision A = X'X / s^2 + I / tau^2 and mean A^-1 X'y / s^2 (X with its intercept column).
 * Full-gradient Langevin at T = 1 is then the linear recursion
 * theta' = (I - eta A) theta + eta X'y / s^2 + sqrt(2 eta) xi, whose stationary law is Gaussian
 * with that same mean and covariance (A (I - eta A / 2))^-1 exactly. On the diabetes data
 * SGLD must reproduce both to Monte-Carlo error.
 */
class LinearRegressionPosteriorTest {

    @Test
    void sgldMatchesTheConjugatePosterior() throws Exception {
        Dataset data = TestData.diabetes();
        double noiseSd = 55;
        // a prior sd of 5 keeps the near-collinear serum columns from making mixing slow
        double priorSd = 5;
        double eta = 0.5;
        int d = data.columns() + 1;
        double[][] a = new double[d][d];
        double[] b = new double[d];
        for (int i = 0; i < data.rows(); i++) {
            double[] x = new double[d];
            x[0] = 1;
            for (int j = 0; j < data.columns(); j++) {
                x[j + 1] = data.feature(i, j);
            }
            for (int p = 0; p < d; p++) {
                b[p] += x[p] * data.labels()[i] / (noiseSd * noiseSd);
                for (int q = 0; q < d; q++) {
                    a[p][q] += x[p] * x[q] / (noiseSd * noiseSd);
                }
            }
        }
        for (int p = 0; p < d; p++) {
            a[p][p] += 1 / (priorSd * priorSd);
        }
        double[][] posteriorCovariance = SamplerChecks.Posterior.invert(a);
        double[] mean = new double[d];
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                mean[p] += posteriorCovariance[p][q] * b[q];
            }
        }
        double[][] discrete = new double[d][d];
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                double aa = 0;
                for (int r = 0; r < d; r++) {
                    aa += a[p][r] * a[r][q];
                }
                discrete[p][q] = a[p][q] - eta / 2 * aa;
            }
        }
        double[][] covariance = SamplerChecks.Posterior.invert(discrete);

        // slowest direction: curvature >= 1 / tau^2 = 0.04, so 500 steps of burn-in are 10 relaxation times
        int chains = 200;
        Plan plan = Plans.plan(new LinearRegression(data, noiseSd, priorSd), new FullGradient(), new Sgld(),
                new Constant(eta), 1, chains, 2000, 500, 5, new InitialState.Normal(0, 1), 8);
        InMemoryDraws draws = new InMemoryDraws(chains, plan.draws(), d);
        new ReferenceEngine().run(plan, draws, ProgressListener.NONE);
        for (int p = 0; p < d; p++) {
            double sum = 0;
            double squares = 0;
            int n = 0;
            for (int c = 0; c < chains; c++) {
                for (int t = 0; t < plan.draws(); t++) {
                    double v = draws.get(c, t, p);
                    sum += v;
                    squares += v * v;
                    n++;
                }
            }
            double sampleMean = sum / n;
            double sampleVariance = squares / n - sampleMean * sampleMean;
            double sd = Math.sqrt(covariance[p][p]);
            // about 15 effective draws per chain (1500 steps / 2 x 50-step relaxation), 3000 in all
            assertEquals(mean[p], sampleMean, 0.1 * sd, "posterior mean of theta[" + p + "]");
            assertEquals(covariance[p][p], sampleVariance, 0.1 * covariance[p][p], "stationary variance of theta[" + p + "]");
        }
        // the near-collinear serum columns: the most correlated pair's covariance, which SGLD must get from the
        // interplay of coordinates through the gradient, not from any one of them
        int bestP = 0;
        int bestQ = 1;
        for (int p = 0; p < d; p++) {
            for (int q = p + 1; q < d; q++) {
                if (Math.abs(correlation(covariance, p, q)) > Math.abs(correlation(covariance, bestP, bestQ))) {
                    bestP = p;
                    bestQ = q;
                }
            }
        }
        assertTrue(Math.abs(correlation(covariance, bestP, bestQ)) > 0.5, "a strongly correlated pair exists: theta["
                + bestP + "], theta[" + bestQ + "]: " + correlation(covariance, bestP, bestQ));
        double sampleCovariance = sampleCovariance(draws, chains, plan.draws(), bestP, bestQ);
        double scale = Math.sqrt(covariance[bestP][bestP] * covariance[bestQ][bestQ]);
        assertEquals(covariance[bestP][bestQ], sampleCovariance, 0.1 * scale,
                "stationary covariance of theta[" + bestP + "] and theta[" + bestQ + "]");
    }

    private static double correlation(double[][] covariance, int p, int q) {
        return covariance[p][q] / Math.sqrt(covariance[p][p] * covariance[q][q]);
    }

    private static double sampleCovariance(InMemoryDraws draws, int chains, int n, int p, int q) {
        double sp = 0;
        double sq = 0;
        double spq = 0;
        for (int c = 0; c < chains; c++) {
            for (int t = 0; t < n; t++) {
                double x = draws.get(c, t, p);
                double y = draws.get(c, t, q);
                sp += x;
                sq += y;
                spq += x * y;
            }
        }
        double total = (double) chains * n;
        return spq / total - sp / total * (sq / total);
    }

}
