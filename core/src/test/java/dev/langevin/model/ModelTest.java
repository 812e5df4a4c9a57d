package dev.langevin.model;

import dev.langevin.TestData;
import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.Mala;
import dev.langevin.engine.InMemoryDraws;
import dev.langevin.engine.InitialState;
import dev.langevin.engine.Plan;
import dev.langevin.engine.Plans;
import dev.langevin.engine.ProgressListener;
import dev.langevin.engine.cpu.CpuEngine;
import dev.langevin.error.InputFileException;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.schedule.Constant;
import dev.langevin.target.Params;
import dev.langevin.target.StudentT;
import dev.langevin.target.Target;
import dev.langevin.target.Targets;

import org.apache.commons.statistics.distribution.TDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Models written once in the kernel subset, on the reference and cpu engines. */
class ModelTest {
    @TempDir
    Path dir;

    /** MALA is exact: its draws of the Student-t have the known variance and quantiles. */
    @Test
    void studentTHasItsKnownMoments() {
        double nu = 10;
        double sigma = 1.5;
        Target target = ModelTarget.of(new StudentT(3, nu, 1, sigma));
        Plan plan = Plans.plan(target, new FullGradient(), new Mala(), new Constant(0.5), 1, 512, 3000, 1000, 1,
                new InitialState.Normal(1, 1), 11);
        InMemoryDraws draws = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
        new CpuEngine(2, 16).run(plan, draws, ProgressListener.NONE);
        double variance = nu / (nu - 2) * sigma * sigma;
        double q95 = 1 + sigma * TDistribution.of(nu).inverseCumulativeProbability(0.95);
        for (int j = 0; j < 3; j++) {
            double[] values = new double[plan.chains() * plan.draws()];
            for (int c = 0, k = 0; c < plan.chains(); c++) {
                for (int t = 0; t < plan.draws(); t++) {
                    values[k++] = draws.get(c, t, j);
                }
            }
            double mean = Arrays.stream(values).average().orElseThrow();
            double sampleVariance = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length;
            Arrays.sort(values);
            double sampleQ95 = values[(int) (0.95 * values.length)];
            // about 1.5e6 draws of MALA chains with an autocorrelation time of a few steps: errors of a few 1e-3
            assertEquals(1, mean, 0.03, "mean of coordinate " + j);
            assertEquals(variance, sampleVariance, 0.04 * variance, "variance of coordinate " + j);
            assertEquals(q95, sampleQ95, 0.04, "q95 of coordinate " + j);
        }
    }

    @Test
    void aWrongGradientIsCaughtAndARightOnePasses() throws Exception {
        GradientCheck wrong = GradientCheck.of(ModelTarget.of(new TestModels.WrongGradient()), 10, -2, 2, 3);
        assertFalse(wrong.passes());
        assertEquals(1, wrong.coordinate(), "the second coordinate's factor 2 is missing");
        assertEquals(0.5, wrong.worst(), 0.01, "half the true gradient");
        Target regression = ModelTarget.of(new TestModels.Regression(Params.empty(), TestData.breastCancer().standardize()));
        assertTrue(GradientCheck.of(regression, 5, -1, 1, 3).passes());
        assertTrue(GradientCheck.of(Targets.create("student-t", new Targets.Request(4, Params.empty(), null, 1)), 20, -3,
                3, 1).passes());
    }

    @Test
    void methodsOutsideTheKernelSubsetAreOneSentence() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> ModelTarget.of(new TestModels.DoublePotential()));
        assertTrue(e.getMessage().contains("priorPotential must be public static float priorPotential(float[], int, int, "
                + "float[])"), e.getMessage());
    }

    @Test
    void aSourceFileIsCompiledLoadedAndChecked() throws Exception {
        Path source = dir.resolve("Parabola.java");
        Files.writeString(source, """
                import dev.langevin.model.Model;
                import dev.langevin.target.Params;

                public class Parabola implements Model {
                    private final float curvature;

                    public Parabola(Params params) {
                        curvature = (float) params.number("curvature", 2);
                    }

                    public String name() { return "parabola"; }
                    public int dim() { return 3; }
                    public float[] parameters() { return new float[] {curvature}; }

                    public static float priorPotential(float[] theta, int t, int stride, float[] p) {
                        float u = 0f;
                        for (int j = 0; j < 3; j++) {
                            u += 0.5f * p[0] * theta[t + j * stride] * theta[t + j * stride];
                        }
                        return u;
                    }

                    public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
                        for (int j = 0; j < 3; j++) {
                            grad[g + j * stride] = p[0] * theta[t + j * stride];
                        }
                    }
                }
                """);
        Model model = ModelSource.instantiate(ModelSource.compile(source), Params.parse("curvature=4"), null);
        Target target = ModelTarget.of(model);
        assertEquals(3, target.dim());
        assertEquals(0.5 * 4 * (1 + 4 + 9), target.potential(new double[] {1, 2, 3}), 1e-5);
        assertTrue(GradientCheck.of(target, 5, -2, 2, 1).passes());
        assertThrows(InvalidParameterException.class,
                () -> ModelSource.instantiate(ModelSource.compile(source), Params.parse("curvture=4"), null),
                "a misspelt option is refused");

        Path broken = dir.resolve("Broken.java");
        Files.writeString(broken, "public class Broken implements dev.langevin.model.Model {\n"
                + "    public int dim() { return 1; }\n    public String name() { return missing; }\n}\n");
        InputFileException error = assertThrows(InputFileException.class, () -> ModelSource.compile(broken));
        assertTrue(error.getMessage().startsWith("Model " + broken + " does not compile: Broken.java:3: "), error.getMessage());
        assertTrue(error.getMessage().contains("missing"), "the symbol is named: " + error.getMessage());

        Path misnamed = dir.resolve("Other.java");
        Files.writeString(misnamed, "class Something {}\n");
        assertTrue(assertThrows(InputFileException.class, () -> ModelSource.compile(misnamed)).getMessage()
                .contains("declares no class Other"));
        Path notAModel = dir.resolve("Plain.java");
        Files.writeString(notAModel, "public class Plain {}\n");
        assertInstanceOf(InvalidParameterException.class, assertThrows(RuntimeException.class,
                () -> ModelSource.instantiate(ModelSource.compile(notAModel), Params.empty(), null)));
    }
}
