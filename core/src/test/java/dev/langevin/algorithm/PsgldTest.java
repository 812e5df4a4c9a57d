package dev.langevin.algorithm;

import dev.langevin.data.Dataset;
import dev.langevin.rng.Noise;
import dev.langevin.rng.Stream;
import dev.langevin.target.LinearRegression;
import dev.langevin.target.Gaussian;
import dev.langevin.target.Target;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * pSGLD's preconditioner statistic and its first step, against formulas written out here:
 * V averages the squared mean per-datum gradient of the minibatch (Li et al. 2016, Algorithm 1),
 * and V / (1 - alpha^(k+1)) sets G's scale from the first step.
 */
class PsgldTest {
    private static final int ROWS = 50;
    private static final int COLUMNS = 3;

    private static LinearRegression regression() {
        SplittableRandom random = new SplittableRandom(5);
        double[] x = new double[ROWS * COLUMNS];
        double[] y = new double[ROWS];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        for (int i = 0; i < ROWS; i++) {
            y[i] = 1 + x[i * COLUMNS] - 2 * x[i * COLUMNS + 2] + random.nextGaussian();
        }
        return new LinearRegression(new Dataset(x, y, ROWS, COLUMNS, new double[COLUMNS], new double[] {1, 1, 1}), 1.5,
                2);
    }

    /** (1 / n) sum over the rows used of grad U_i, the row gradients added up one at a time. */
    private static double[] meanOfRows(LinearRegression target, double[] theta, int[] rows) {
        double[] sum = new double[theta.length];
        for (int row : rows) {
            target.addRowGradient(theta, row, 1, sum);
        }
        for (int j = 0; j < sum.length; j++) {
            sum[j] /= rows.length;
        }
        return sum;
    }

    @Test
    void rowMeanIsTheMinibatchMeanOfTheRowGradients() {
        LinearRegression target = regression();
        Noise noise = new Noise(9);
        double[] theta = {0.3, -1, 0.5, 2};
        int batch = 7;
        int chain = 3;
        int step = 11;
        int[] rows = new int[batch];
        for (int m = 0; m < batch; m++) {
            rows[m] = noise.index(chain, step, m, Stream.MINIBATCH, ROWS);
        }
        double[] gradient = new double[4];
        double[] rowMean = new double[4];
        new MinibatchGradient(batch, false).estimate(target, theta, chain, step, noise, gradient, rowMean);
        double[] expected = meanOfRows(target, theta, rows);
        for (int j = 0; j < 4; j++) {
            assertEquals(expected[j], rowMean[j], 1e-12 * (1 + Math.abs(expected[j])), "coordinate " + j);
        }
    }

    @Test
    void rowMeanOfTheFullGradientAveragesEveryRow() {
        LinearRegression target = regression();
        double[] theta = {-0.2, 0.4, 1, -0.7};
        int[] all = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            all[i] = i;
        }
        double[] gradient = new double[4];
        double[] rowMean = new double[4];
        new FullGradient().estimate(target, theta, 0, 0, new Noise(1), gradient, rowMean);
        double[] expected = meanOfRows(target, theta, all);
        for (int j = 0; j < 4; j++) {
            assertEquals(expected[j], rowMean[j], 1e-12 * (1 + Math.abs(expected[j])), "coordinate " + j);
        }
    }

    @Test
    void firstStepUsesTheBiasCorrectedAverage() {
        // an analytic target: gbar is the whole gradient; V_0 = (1 - alpha) g^2, corrected to g^2, so G = 1 / (lambda + |g|)
        Target target = new Gaussian(new double[] {0, 1, 0}, new double[] {1, 0.5, 2});
        double[] theta = {1.5, -0.3, 0.02};
        double[] gradient = new double[3];
        target.potentialGradient(theta, gradient);
        double[] xi = {0.7, -1.1, 0.4};
        Normals normals = (coordinate, stream) -> xi[coordinate];
        double eta = 0.01;
        double temperature = 0.5;
        Psgld rule = new Psgld(Psgld.DEFAULT_ALPHA, 1e-5);
        ChainStep step = new ChainStep(target, rule);
        System.arraycopy(theta, 0, step.theta(), 0, 3);
        System.arraycopy(gradient, 0, step.gradient(), 0, 3);
        // an analytic target: gbar is the whole gradient
        System.arraycopy(gradient, 0, step.rowMean(), 0, 3);
        rule.step(step.at(0, eta, temperature, normals, 0));
        double[] moved = step.theta();
        double[][] v = step.auxiliary();
        for (int j = 0; j < 3; j++) {
            double g = gradient[j];
            double preconditioner = 1 / (1e-5 + Math.abs(g));
            double expected = theta[j] - eta * preconditioner * g + Math.sqrt(2 * eta * temperature * preconditioner) * xi[j];
            assertEquals(expected, moved[j], 1e-12, "coordinate " + j);
            assertEquals((1 - Psgld.DEFAULT_ALPHA) * g * g, v[0][j], 1e-15, "V of coordinate " + j);
        }
    }
}
