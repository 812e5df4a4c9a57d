package dev.langevin.engine.cpu;

import dev.langevin.TestData;
import dev.langevin.algorithm.ControlVariateGradient;
import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.data.CsvData;
import dev.langevin.data.Dataset;
import dev.langevin.model.ModelTarget;
import dev.langevin.target.DataTarget;
import dev.langevin.target.Mlp;
import dev.langevin.target.Params;
import dev.langevin.target.Targets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vectorised MLP gradient against the scalar model path it replaces ({@link ModelGradient},
 * which calls {@link Mlp}'s kernel methods lane by lane): on random blocks of positions, for
 * tanh and relu, one and two hidden layers and none (softmax regression), per-chain and shared
 * minibatches (one not a multiple of the row tile), the full gradient and control variates, and
 * regression (the Gaussian likelihood, on the diabetes data), the
 * two agree to 1e-5 of the block's largest gradient coordinate in every coordinate, and pSGLD's
 * row means too. The only differences are rounding: fused multiply-adds and the float tanh and exp.
 */
class MlpGradientTest {
    private static final int LANES = BlockGradient.LANES;

    static Stream<Arguments> cases() throws Exception {
        Dataset digits = CsvData.load(Path.of("data/digits.csv.gz"), 0, -1)
                .select(IntStream.range(0, 203).toArray()).standardize();
        List<Arguments> cases = new ArrayList<>();
        List<String> models = List.of("mlp:hidden=50", "mlp:hidden=7,activation=relu", "mlp:hidden=9:6",
                "mlp:hidden=12:5,activation=relu", "softmax-regression:");
        Dataset diabetes = TestData.diabetes(203);
        models = new ArrayList<>(models);
        // regression: the Gaussian likelihood's output error on real labels
        models.add("mlp:hidden=20,likelihood=gaussian,noise-sd=50");
        models.add("mlp:hidden=6:4,activation=relu,likelihood=gaussian,noise-sd=30");
        for (String spec : models) {
            String[] parts = spec.split(":", 2);
            ModelTarget target = (ModelTarget) Targets.create(parts[0], new Targets.Request(0,
                    parts[1].isEmpty() ? Params.empty() : Params.parse(parts[1]),
                    parts[1].contains("gaussian") ? diabetes : digits, 1));
            DataTarget data = (DataTarget) target;
            double[] mode = new SplittableRandom(3).doubles(target.dim(), -0.3, 0.3).toArray();
            for (GradientEstimator estimator : List.of(new FullGradient(), new MinibatchGradient(32, false),
                    new MinibatchGradient(7, true), new MinibatchGradient(10, false),
                    ControlVariateGradient.at(data, 6, false, mode))) {
                cases.add(Arguments.of(spec, target, estimator));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("cases")
    void agreesWithTheScalarModelPath(String spec, ModelTarget target, GradientEstimator estimator) {
        Mlp mlp = (Mlp) target.model();
        BlockGradient fast = BlockGradient.create(target, estimator, 11);
        assertInstanceOf(MlpGradient.class, fast, "the cpu engine's kernel for " + spec);
        ModelGradient scalar = new ModelGradient(target, estimator, 11);
        SplittableRandom random = new SplittableRandom(spec.hashCode());
        int size = mlp.dim() * LANES;
        for (int trial = 0; trial < 3; trial++) {
            float[] theta = new float[size];
            for (int i = 0; i < size; i++) {
                theta[i] = (float) random.nextDouble(-1.5, 1.5);
            }
            int chain0 = trial * 5 * LANES;
            int step = 17 + trial;
            float[] expected = new float[size];
            float[] actual = new float[size];
            scalar.gradient(theta, expected, chain0, step);
            fast.gradient(theta, actual, chain0, step);
            assertClose(expected, actual, spec + " gradient, trial " + trial);
            float[] expectedMean = new float[size];
            float[] actualMean = new float[size];
            scalar.rowMean(theta, expected, expectedMean);
            fast.rowMean(theta, actual, actualMean);
            assertClose(expectedMean, actualMean, spec + " row mean, trial " + trial);
        }
    }

    @Test
    void aBlockOfTheDigitsNetworkHasTheStatedShape() throws Exception {
        Dataset digits = CsvData.load(Path.of("data/digits.csv.gz"), 0, -1).standardize();
        ModelTarget target = (ModelTarget) Targets.create("mlp", new Targets.Request(0, Params.parse("hidden=50"),
                digits, 1));
        assertTrue(target.dim() == 3760, "64-50-10 has 65 x 50 + 51 x 10 parameters: " + target.dim());
        assertInstanceOf(MlpGradient.class, BlockGradient.create(target, new MinibatchGradient(32, false), 1));
    }

    /** Every coordinate within 1e-5 of the block's largest |expected| coordinate, and no NaN. */
    private static void assertClose(float[] expected, float[] actual, String what) {
        double scale = 0;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double difference = Math.abs((double) expected[i] - actual[i]);
            if (!(difference <= worst)) {
                worst = difference;
                at = i;
            }
        }
        double relative = worst / scale;
        assertTrue(relative <= 1e-5, what + ": coordinate " + (at / LANES) + " of lane " + (at % LANES) + " is "
                + actual[Math.max(at, 0)] + ", the scalar path's " + expected[Math.max(at, 0)] + " (relative "
                + relative + " of the largest, " + scale + ")");
    }
}
