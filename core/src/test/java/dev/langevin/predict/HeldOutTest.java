package dev.langevin.predict;

import dev.langevin.data.Dataset;
import dev.langevin.diagnostics.DrawSource;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.model.Classifier;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HeldOutTest {
    /** Two classes, one feature: p(1 | x, theta) = theta (the feature is ignored), so averages are easy by hand. */
    static final class Coin implements Classifier {
        public int classes() {
            return 2;
        }

        public int features() {
            return 1;
        }

        public void probabilities(float[] theta, float[] x, int r, double[] out) {
            out[1] = theta[0];
            out[0] = 1 - out[1];
        }
    }

    /** Draws of one parameter: chain c, draw t. */
    record Fixed(double[][] values) implements DrawSource {
        public int chains() {
            return values.length;
        }

        public int draws() {
            return values[0].length;
        }

        public int dims() {
            return 1;
        }

        public void read(int dim, int[] chainList, double[] out) {
            for (int i = 0; i < chainList.length; i++) {
                System.arraycopy(values[chainList[i]], 0, out, i * draws(), draws());
            }
        }
    }

    @Test
    void theModelAverageIsTheMeanOverEveryDrawOfEveryChain() {
        // chain 0 says p(1) = 0.875 then 0.625 (mean 0.75); chain 1 says 0.25 then 0.5 (mean 0.375); chain 2
        // diverged (values exact in float, as the classifier reads them)
        Fixed draws = new Fixed(new double[][] {{0.875, 0.625}, {0.25, 0.5}, {0.5, Double.NaN}});
        Dataset test = new Dataset(new double[] {0, 0}, new double[] {1, 0}, 2, 1, new double[1], new double[] {1});
        HeldOut h = HeldOut.evaluate(new Coin(), draws, List.of(0, 1, 2), test);
        assertArrayEquals(new int[] {0, 1}, h.chains());
        assertArrayEquals(new int[] {2}, h.skipped());
        // averaged p(1) = 0.5625 on both rows: row 0 (label 1) right, row 1 (label 0) wrong
        assertArrayEquals(new double[] {0.4375, 0.5625, 0.4375, 0.5625}, h.averagedProbabilities(), 1e-15);
        assertEquals(0.5, h.averaged().accuracy());
        assertEquals(-(Math.log(0.5625) + Math.log(0.4375)) / 2, h.averaged().nll(), 1e-15);
        // chain 0: p(1) = 0.75, row 0 right, row 1 wrong; chain 1: p(1) = 0.375, row 0 wrong, row 1 right
        assertEquals(-(Math.log(0.75) + Math.log(0.25)) / 2, h.perChain().get(0).nll(), 1e-15);
        assertEquals(-(Math.log(0.375) + Math.log(0.625)) / 2, h.perChain().get(1).nll(), 1e-15);
        assertEquals(0.5, h.perChain().get(1).accuracy());
        double[] nll = h.spread(ClassificationMetrics::nll);
        assertEquals((h.perChain().get(0).nll() + h.perChain().get(1).nll()) / 2, nll[0], 1e-15);
        assertEquals(h.perChain().get(1).nll(), nll[1], 1e-15);
    }

    @Test
    void rowsThatDoNotFitTheModelAreOneSentence() {
        Fixed draws = new Fixed(new double[][] {{0.5}});
        Dataset wide = new Dataset(new double[] {0, 0}, new double[] {1}, 1, 2, new double[2], new double[] {1, 1});
        assertEquals("The held-out data have 2 feature columns but the model takes 1.", assertThrows(
                InvalidParameterException.class, () -> HeldOut.evaluate(new Coin(), draws, List.of(0), wide)).getMessage());
        Dataset label = new Dataset(new double[] {0}, new double[] {2}, 1, 1, new double[1], new double[] {1});
        assertEquals("Held-out row 1 has label 2.0 but the model's classes are 0 .. 1.", assertThrows(
                InvalidParameterException.class, () -> HeldOut.evaluate(new Coin(), draws, List.of(0), label)).getMessage());
    }
    /** Two classes, logit gap 1000 theta: the probability of the losing class underflows a double, its log does not. */
    record Far() implements dev.langevin.model.Classifier {
        public int classes() {
            return 2;
        }

        public int features() {
            return 1;
        }

        public void probabilities(float[] theta, float[] x, int r, double[] out) {
            out[1] = 1 / (1 + Math.exp(-1000.0 * theta[0]));
            out[0] = 1 - out[1];
        }

        public void logProbabilities(float[] theta, float[] x, int r, double[] out) {
            double g = 1000.0 * theta[0];
            out[1] = -(Math.max(-g, 0) + Math.log1p(Math.exp(-Math.abs(g))));
            out[0] = -(Math.max(g, 0) + Math.log1p(Math.exp(-Math.abs(g))));
        }
    }

    @Test
    void aConfidentlyWrongPredictionHasAFiniteNll() {
        // one chain, two draws, both giving the label 1 a probability of about e^-1000 and e^-2000
        Fixed draws = new Fixed(new double[][] {{-1, -2}});
        Dataset test = new Dataset(new double[] {0}, new double[] {1}, 1, 1, new double[1], new double[] {1});
        HeldOut h = HeldOut.evaluate(new Far(), draws, List.of(0), test);
        // -log((e^-1000 + e^-2000) / 2) = 1000 + log 2, to double precision
        assertEquals(1000 + Math.log(2), h.averaged().nll(), 1e-9);
        assertEquals(1000 + Math.log(2), h.perChain().get(0).nll(), 1e-9);
        assertEquals(0, h.averaged().accuracy());
        // per draw: the held-out mean log-likelihood is finite too
        assertEquals(-1000, h.functionSpace().values()[0][0][0], 1e-9);
        assertEquals(-2000, h.functionSpace().values()[0][1][0], 1e-9);
    }
}
