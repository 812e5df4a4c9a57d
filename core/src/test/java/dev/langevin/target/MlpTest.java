package dev.langevin.target;

import dev.langevin.TestData;
import dev.langevin.data.CsvData;
import dev.langevin.data.Dataset;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.model.GradientCheck;
import dev.langevin.model.ModelTarget;
import dev.langevin.rng.Noise;
import dev.langevin.rng.Stream;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MlpTest {
    /** The first 40 digits, standardised: 64 features, labels 0-9. */
    static Dataset digits(int rows) throws Exception {
        Dataset all = CsvData.load(Path.of("data/digits.csv.gz"), 0, -1);
        int f = all.columns();
        return new Dataset(Arrays.copyOf(all.features(), rows * f), Arrays.copyOf(all.labels(), rows), rows, f,
                new double[f], filled(f)).standardize();
    }

    private static double[] filled(int n) {
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        return ones;
    }

    private static Target create(String name, String params, Dataset data, double priorSd) throws Exception {
        return Targets.create(name, new Targets.Request(0, Params.parse(params), data, priorSd));
    }

    @Test
    void gradientsMatchFiniteDifferencesOfThePotential() throws Exception {
        Dataset data = digits(40);
        for (String[] c : List.of(new String[] {"softmax-regression", ""}, new String[] {"mlp", "hidden=6"},
                new String[] {"mlp", "hidden=5:4,activation=relu"}, new String[] {"mlp", "hidden=3:3:3,activation=tanh"})) {
            Target target = create(c[0], c[1], data, 0.7);
            // relu's kink: these points keep every unit's input more than the difference step from 0
            GradientCheck check = GradientCheck.of(target, 4, -0.5, 0.5, c[1].contains("relu") ? 12 : 11);
            // the potential sums float row terms: its differences carry rounding of about 1e-3 of the gradient
            assertTrue(check.passes(), c[0] + " " + c[1] + ": " + check);
        }
    }

    /** Each row's gradient against central differences of that row's term alone, coordinate by coordinate. */
    @Test
    void rowGradientsMatchFiniteDifferencesOfTheRowTerm() throws Exception {
        Dataset data = digits(3);
        Mlp mlp = (Mlp) ((ModelTarget) create("mlp", "hidden=4:3", data, 1)).model();
        float[] p = mlp.parameters();
        float[] x = mlp.data();
        int d = mlp.dim();
        Noise noise = new Noise(5);
        float[] theta = new float[d];
        for (int j = 0; j < d; j++) {
            theta[j] = (float) (noise.normal(0, 0, j, Stream.INITIAL_STATE) * 0.8);
        }
        for (int i = 0; i < data.rows(); i++) {
            int r = i * mlp.rowLength();
            float[] grad = new float[d];
            Mlp.addRowGradient(theta, 0, 1, p, x, r, 2f, grad, 0);
            for (int j = 0; j < d; j++) {
                float saved = theta[j];
                float h = 1e-2f;
                theta[j] = saved + h;
                double up = Mlp.rowPotential(theta, 0, 1, p, x, r);
                theta[j] = saved - h;
                double down = Mlp.rowPotential(theta, 0, 1, p, x, r);
                theta[j] = saved;
                double quotient = 2 * (up - down) / (2 * h);
                assertEquals(quotient, grad[j], 2e-3 * Math.max(1, Math.abs(quotient)), "row " + i + ", "
                        + mlp.parameterNames().get(j));
            }
        }
    }

    @Test
    void atZeroEveryClassIsEquallyLikely() throws Exception {
        Dataset data = digits(5);
        for (String params : List.of("hidden=7,classes=10", "hidden=7,activation=relu,classes=10")) {
            Mlp mlp = (Mlp) ((ModelTarget) create("mlp", params, data, 2)).model();
            float[] theta = new float[mlp.dim()];
            for (int i = 0; i < 5; i++) {
                assertEquals(Math.log(10), Mlp.rowPotential(theta, 0, 1, mlp.parameters(), mlp.data(),
                        i * mlp.rowLength()), 1e-6);
            }
            double[] probabilities = new double[10];
            mlp.probabilities(theta, mlp.data(), 0, probabilities);
            for (double q : probabilities) {
                assertEquals(0.1, q, 1e-7);
            }
        }
    }

    /** A network small enough to compute by hand: 1 feature, 1 tanh unit, 2 classes. */
    @Test
    void aHandComputedNetwork() throws Exception {
        Dataset one = new Dataset(new double[] {2}, new double[] {1}, 1, 1, new double[1], new double[] {1});
        Mlp mlp = (Mlp) ((ModelTarget) create("mlp", "hidden=1", one, 2)).model();
        assertEquals(List.of("W1[0,0]", "b1[0]", "W2[0,0]", "W2[0,1]", "b2[0]", "b2[1]"), mlp.parameterNames());
        float[] theta = {0.5f, -0.25f, 1.5f, -1f, 0.1f, 0.3f};
        double h = Math.tanh(2 * 0.5 - 0.25);
        double z0 = 1.5 * h + 0.1;
        double z1 = -h + 0.3;
        double u = Math.log(Math.exp(z0) + Math.exp(z1)) - z1;
        double prior = 0.5 * (0.25 + 0.0625 + 2.25 + 1 + 0.01 + 0.09) / 4;
        assertEquals(u, Mlp.rowPotential(theta, 0, 1, mlp.parameters(), mlp.data(), 0), 1e-6);
        assertEquals(prior, Mlp.priorPotential(theta, 0, 1, mlp.parameters()), 1e-6);
        double q0 = Math.exp(z0) / (Math.exp(z0) + Math.exp(z1));
        double[] dz = {q0, (1 - q0) - 1};
        double dh = 1.5 * dz[0] - dz[1];
        double da = dh * (1 - h * h);
        float[] grad = new float[6];
        Mlp.addRowGradient(theta, 0, 1, mlp.parameters(), mlp.data(), 0, 1f, grad, 0);
        assertArrayEquals(new float[] {(float) (2 * da), (float) da, (float) (h * dz[0]), (float) (h * dz[1]),
                (float) dz[0], (float) dz[1]}, grad, 1e-6f);
        double[] probabilities = new double[2];
        mlp.probabilities(theta, mlp.data(), 0, probabilities);
        assertEquals(Math.exp(-u), probabilities[1], 1e-6);
    }

    /** Interleaved chains (stride 3) give each chain its own gradient, as the cpu engine's lanes need. */
    @Test
    void stridedChainsAreIndependent() throws Exception {
        Dataset data = digits(2);
        Mlp mlp = (Mlp) ((ModelTarget) create("mlp", "hidden=4", data, 1)).model();
        int d = mlp.dim();
        float[] single = new float[d];
        float[] interleaved = new float[3 * d];
        for (int j = 0; j < d; j++) {
            single[j] = (float) Math.sin(j);
            interleaved[3 * j + 1] = single[j];
            interleaved[3 * j] = 5;
            interleaved[3 * j + 2] = -5;
        }
        float[] expected = new float[d];
        float[] got = new float[3 * d];
        Mlp.addRowGradient(single, 0, 1, mlp.parameters(), mlp.data(), mlp.rowLength(), 0.5f, expected, 0);
        Mlp.addRowGradient(interleaved, 1, 3, mlp.parameters(), mlp.data(), mlp.rowLength(), 0.5f, got, 1);
        for (int j = 0; j < d; j++) {
            assertEquals(expected[j], got[3 * j + 1]);
            assertEquals(0f, got[3 * j]);
        }
    }

    @Test
    void namesAndSizes() throws Exception {
        Dataset data = digits(10);
        assertEquals(65 * 10, create("softmax-regression", "", data, 1).dim());
        assertEquals("W[63,9]", create("softmax-regression", "", data, 1).parameterNames().get(639));
        assertEquals(65 * 50 + 51 * 10, create("mlp", "", data, 1).dim());
        Target deep = create("mlp", "hidden=50:50", data, 1);
        assertEquals(65 * 50 + 51 * 50 + 51 * 10, deep.dim());
        assertEquals("b3[9]", deep.parameterNames().get(deep.dim() - 1));
        assertEquals("W2[0,0]", deep.parameterNames().get(65 * 50));
    }

    /** Log probabilities in log space: the logs of the probabilities where those are normal, finite where they underflow. */
    @Test
    void logProbabilitiesAreTheLogsOfTheProbabilitiesAndStayFinite() throws Exception {
        Dataset data = digits(5);
        Mlp mlp = (Mlp) ((ModelTarget) create("mlp", "hidden=4,classes=10", data, 1)).model();
        float[] theta = new float[mlp.dim()];
        for (int j = 0; j < theta.length; j++) {
            theta[j] = (float) (0.5 * Math.sin(3 * j + 1));
        }
        double[] p = new double[10];
        double[] logP = new double[10];
        mlp.probabilities(theta, mlp.data(), 0, p);
        mlp.logProbabilities(theta, mlp.data(), 0, logP);
        for (int c = 0; c < 10; c++) {
            assertEquals(Math.log(p[c]), logP[c], 1e-12, "class " + c);
        }
        // output biases b2[0] = 0 and b2[1] = 2000, the rest 0: class 0's probability underflows to 0, its log is
        // -2000
        Arrays.fill(theta, 0f);
        theta[theta.length - 9] = 2000f;
        mlp.probabilities(theta, mlp.data(), 0, p);
        mlp.logProbabilities(theta, mlp.data(), 0, logP);
        assertEquals(0, p[0]);
        assertEquals(-2000, logP[0], 1e-9);
    }

    /** Regression (likelihood=gaussian): the gradient against the potential's differences, and the row term by hand. */
    @Test
    void theGaussianLikelihoodsGradientAndRowTerm() throws Exception {
        Dataset data = TestData.diabetes(30);
        for (String params : List.of("hidden=6,likelihood=gaussian,noise-sd=60", "hidden=4:3,activation=relu,"
                + "likelihood=gaussian,noise-sd=40", "hidden=5,likelihood=gaussian,noise-sd=80")) {
            Target target = create("mlp", params, data, 0.7);
            GradientCheck check = GradientCheck.of(target, 4, -0.5, 0.5, params.contains("relu") ? 12 : 11);
            assertTrue(check.passes(), params + ": " + check);
        }
        // one row by hand: z = b2 + sum_j W2[j] tanh(b1[j] + sum_i W1[i,j] x_i), U_i = (z - y)^2 / (2 sigma^2)
        Mlp mlp = (Mlp) ((ModelTarget) create("mlp", "hidden=2,likelihood=gaussian,noise-sd=3", data, 1)).model();
        assertTrue(mlp.regression());
        assertEquals(1, mlp.classes());
        int f = data.columns();
        int d = mlp.dim();
        assertEquals((f + 1) * 2 + 3, d);
        float[] theta = new float[d];
        for (int j = 0; j < d; j++) {
            theta[j] = (float) (0.1 * Math.sin(j + 1));
        }
        double z = theta[d - 1];
        for (int j = 0; j < 2; j++) {
            double a = theta[2 * f + j];
            for (int i = 0; i < f; i++) {
                a += data.feature(0, i) * theta[i * 2 + j];
            }
            z += Math.tanh(a) * theta[2 * f + 2 + j];
        }
        double residual = z - data.labels()[0];
        assertEquals(residual * residual / 18, Mlp.rowPotential(theta, 0, 1, mlp.parameters(), mlp.data(), 0),
                1e-5 * residual * residual / 18);
        float[] grad = new float[d];
        Mlp.addRowGradient(theta, 0, 1, mlp.parameters(), mlp.data(), 0, 1f, grad, 0);
        assertEquals(residual / 9, grad[d - 1], 1e-5 * Math.abs(residual / 9));
    }

    @Test
    void badOptionsAndLabelsAreOneSentence() throws Exception {
        Dataset data = digits(10);
        assertTrue(assertThrows(InvalidParameterException.class, () -> create("mlp", "hidden=600", data, 1))
                .getMessage().contains("at most 512"));
        assertTrue(assertThrows(InvalidParameterException.class, () -> create("mlp", "activation=sigmoid", data, 1))
                .getMessage().startsWith("Unknown activation 'sigmoid'"));
        assertTrue(assertThrows(InvalidParameterException.class, () -> create("mlp", "hidden=0", data, 1))
                .getMessage().contains("hidden"));
        assertTrue(assertThrows(InvalidParameterException.class, () -> create("softmax-regression", "classes=5", data,
                1)).getMessage().contains("labels 0, 1, ..., 4"));
        Dataset fractional = new Dataset(new double[] {1, 2}, new double[] {0, 0.5}, 2, 1, new double[1],
                new double[] {1});
        assertTrue(assertThrows(InvalidParameterException.class, () -> create("softmax-regression", "classes=2",
                fractional, 1)).getMessage().contains("data row 2 has label 0.5"));
        assertTrue(assertThrows(InvalidParameterException.class, () -> create("mlp", "likelihood=poisson", data, 1))
                .getMessage().startsWith("Unknown likelihood 'poisson'"));
        assertTrue(assertThrows(InvalidParameterException.class, () -> create("mlp", "noise-sd=2", data, 1))
                .getMessage().contains("only with likelihood=gaussian"));
        assertTrue(assertThrows(InvalidParameterException.class, () -> create("mlp", "likelihood=gaussian,classes=3",
                data, 1)).getMessage().contains("one output"));
        assertTrue(assertThrows(InvalidParameterException.class, () -> create("mlp", "likelihood=gaussian,noise-sd=0",
                data, 1)).getMessage().contains("noise-sd must be positive"));
        // regression takes real labels: the fractional label is fine there
        assertEquals(4, create("mlp", "hidden=1,likelihood=gaussian", fractional, 1).dim());
    }
}
