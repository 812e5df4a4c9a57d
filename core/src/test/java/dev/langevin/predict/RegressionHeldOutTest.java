package dev.langevin.predict;

import dev.langevin.data.Dataset;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.model.Regressor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A regression's held-out predictions against sums written out by hand. */
class RegressionHeldOutTest {
    /** y ~ N(theta x, sigma^2): one slope, one feature. */
    record Line(double noiseSd) implements Regressor {
        public int features() {
            return 1;
        }

        public double predict(float[] theta, float[] x, int r) {
            return theta[0] * x[r];
        }
    }

    private static double phi(double r, double sigma) {
        return Math.exp(-r * r / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
    }

    @Test
    void theModelAverageIsTheMixtureOverEveryDrawOfEveryChain() {
        // chain 0: slopes 1 and 2; chain 1: 0.5 and 3; chain 2 diverged
        HeldOutTest.Fixed draws = new HeldOutTest.Fixed(new double[][] {{1, 2}, {0.5, 3}, {1, Double.NaN}});
        double[] x = {1, 2};
        double[] y = {1.5, 3};
        Dataset test = new Dataset(x, y, 2, 1, new double[1], new double[] {1});
        double sigma = 0.8;
        RegressionHeldOut h = RegressionHeldOut.evaluate(new Line(sigma), draws, List.of(0, 1, 2), test);
        assertArrayEquals(new int[] {0, 1}, h.chains());
        assertArrayEquals(new int[] {2}, h.skipped());
        assertEquals(2, h.draws());
        // chain 0's means are 1.5 and 3, the labels: RMSE 0
        assertEquals(0, h.perChain().get(0).rmse(), 1e-15);
        double nll0 = -(Math.log((phi(0.5, sigma) + phi(-0.5, sigma)) / 2) + Math.log((phi(1, sigma) + phi(-1, sigma)) / 2)) / 2;
        assertEquals(nll0, h.perChain().get(0).nll(), 1e-12);
        // chain 1's means are 1.75 and 3.5
        assertEquals(Math.sqrt((0.25 * 0.25 + 0.5 * 0.5) / 2), h.perChain().get(1).rmse(), 1e-15);
        double nll1 = -(Math.log((phi(1, sigma) + phi(-1.5, sigma)) / 2) + Math.log((phi(2, sigma) + phi(-3, sigma)) / 2)) / 2;
        assertEquals(nll1, h.perChain().get(1).nll(), 1e-12);
        // the average: means 1.625 and 3.25; the mixture of all four draws
        assertEquals(Math.sqrt((0.125 * 0.125 + 0.25 * 0.25) / 2), h.averaged().rmse(), 1e-15);
        double row0 = (phi(0.5, sigma) + phi(-0.5, sigma) + phi(1, sigma) + phi(-1.5, sigma)) / 4;
        double row1 = (phi(1, sigma) + phi(-1, sigma) + phi(2, sigma) + phi(-3, sigma)) / 4;
        assertEquals(-(Math.log(row0) + Math.log(row1)) / 2, h.averaged().nll(), 1e-12);
        double[] spread = h.spread(RegressionMetrics::nll);
        assertEquals((nll0 + nll1) / 2, spread[0], 1e-12);
        assertEquals(Math.min(nll0, nll1), spread[1], 1e-15);
        // per draw: the held-out mean log-likelihood, then the predictions for the rows
        assertEquals(List.of("held-out mean log-likelihood", "prediction for held-out row 1",
                "prediction for held-out row 2"), h.functionSpace().names());
        assertEquals((Math.log(phi(-0.5, sigma)) + Math.log(phi(-1, sigma))) / 2, h.functionSpace().values()[0][1][0],
                1e-12);
        assertEquals(6, h.functionSpace().values()[1][1][2], 1e-15);
    }

    /** A label far from every prediction: its density underflows a double, its log does not. */
    @Test
    void aFarOffLabelGivesAFiniteNll() {
        HeldOutTest.Fixed draws = new HeldOutTest.Fixed(new double[][] {{0, 0}});
        Dataset test = new Dataset(new double[] {1}, new double[] {1000}, 1, 1, new double[1], new double[] {1});
        RegressionHeldOut h = RegressionHeldOut.evaluate(new Line(1), draws, List.of(0), test);
        assertEquals(0.5 * 1e6 + 0.5 * Math.log(2 * Math.PI), h.averaged().nll(), 1e-6);
        assertEquals(1000, h.averaged().rmse(), 1e-12);
    }

    @Test
    void mistakesAreOneSentence() {
        HeldOutTest.Fixed draws = new HeldOutTest.Fixed(new double[][] {{1}});
        Dataset wide = new Dataset(new double[] {1, 2}, new double[] {1}, 1, 2, new double[2], new double[] {1, 1});
        assertEquals("The held-out data have 2 feature columns but the model takes 1.", assertThrows(
                InvalidParameterException.class, () -> RegressionHeldOut.evaluate(new Line(1), draws, List.of(0), wide))
                .getMessage());
        Dataset nan = new Dataset(new double[] {1}, new double[] {Double.NaN}, 1, 1, new double[1], new double[] {1});
        assertEquals("Held-out row 1 has label NaN; a regression needs finite labels.", assertThrows(
                InvalidParameterException.class, () -> RegressionHeldOut.evaluate(new Line(1), draws, List.of(0), nan))
                .getMessage());
        HeldOutTest.Fixed diverged = new HeldOutTest.Fixed(new double[][] {{Double.NaN}});
        Dataset one = new Dataset(new double[] {1}, new double[] {1}, 1, 1, new double[1], new double[] {1});
        assertEquals("There are no finite draws to predict with.", assertThrows(InvalidParameterException.class,
                () -> RegressionHeldOut.evaluate(new Line(1), diverged, List.of(0), one)).getMessage());
    }
}
