package dev.langevin.engine.tornadovm;

import dev.langevin.Sampler;
import dev.langevin.TestData;
import dev.langevin.algorithm.Adam;
import dev.langevin.algorithm.Csgld;
import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.algorithm.Mala;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.algorithm.Psgld;
import dev.langevin.algorithm.Sgd;
import dev.langevin.algorithm.Sghmc;
import dev.langevin.algorithm.Sgld;
import dev.langevin.algorithm.UpdateRule;
import dev.langevin.data.Dataset;
import dev.langevin.diagnostics.ParameterSummary;
import dev.langevin.engine.EngineCases;
import dev.langevin.engine.InMemoryDraws;
import dev.langevin.engine.InitialState;
import dev.langevin.engine.Plan;
import dev.langevin.engine.Plans;
import dev.langevin.engine.ProgressListener;
import dev.langevin.engine.RunResult;
import dev.langevin.engine.reference.ReferenceEngine;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.model.ModelSource;
import dev.langevin.model.ModelTarget;
import dev.langevin.schedule.Constant;
import dev.langevin.schedule.Cyclical;
import dev.langevin.schedule.StepSizeSchedule;
import dev.langevin.target.Params;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.enums.TornadoVMBackendType;
import uk.ac.manchester.tornado.api.types.arrays.DoubleArray;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;

import static dev.langevin.engine.EngineCases.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Models written once in Java (dev.langevin.model, examples/) on the tornadovm engine, whose
 * kernel calls the model's own methods: against the reference as {@link TornadoEngineTest}
 * holds the built-in targets (every kept draw within 1e-5 relative, 1e-4 for psgld), the
 * eight schools' posterior as the other engines' test finds it, {@link DeviceMath} on the
 * device against {@link Math}, and what cannot run as one sentence.
 */
class TornadoModelsTest {
    private static final int CHAINS = 37;

    private static ModelTarget eightSchools;
    private static ModelTarget funnel;
    private static ModelTarget banana;
    private static ModelTarget poisson;

    @BeforeAll
    static void startsTornadoVmAndCompilesTheExamples() throws Exception {
        assertFalse(TornadoDevices.list().isEmpty(), "TornadoVM has no device");
        models();
    }

    private static synchronized void models() throws Exception {
        if (eightSchools == null) {
            eightSchools = model("examples/eight-schools/EightSchools.java", "", null);
            funnel = model("examples/funnel/Funnel.java", "d=5", null);
            banana = model("examples/banana/Banana.java", "", null);
            poisson = model("examples/poisson-regression/PoissonRegression.java", "columns=3", TestData.diabetes());
        }
    }

    private static ModelTarget model(String file, String params, Dataset data) throws Exception {
        return ModelTarget.of(ModelSource.instantiate(ModelSource.compile(Path.of(file)), Params.parse(params), data));
    }

    /** Arguments: model, gradient, rule, schedule, tolerance. */
    static Stream<Arguments> cases() throws Exception {
        models();
        List<Arguments> cases = new ArrayList<>();
        for (String rule : List.of("sgld", "sgd", "adam", "psgld", "sghmc", "sgnht", "csgld", "mala")) {
            add(cases, eightSchools, new FullGradient(), rule, 0.02);
            add(cases, funnel, new FullGradient(), rule, 0.02);
            add(cases, banana, new FullGradient(), rule, 0.005);
            add(cases, poisson, new FullGradient(), rule, 1e-5);
            if (!rule.equals("mala")) {
                add(cases, eightSchools, new MinibatchGradient(3, false), rule, 0.02);
                add(cases, poisson, new MinibatchGradient(32, false), rule, 1e-5);
                if (!rule.equals("sgnht")) {
                    // (sgnht's thermostat does not hold the reference's chains on 7 shared rows: they diverge)
                    add(cases, poisson, new MinibatchGradient(7, true), rule, 1e-5);
                }
            }
        }
        return cases.stream();
    }

    /** As dev.langevin.check.EquivalenceCases chooses the rules' settings. */
    private static void add(List<Arguments> cases, ModelTarget model, GradientEstimator estimator, String name,
                            double stepSize) {
        if (name.equals("psgld") && model.model().rows() > 0) {
            stepSize /= model.model().rows();
        }
        if (name.equals("sghmc") || name.equals("sgnht")) {
            // the momentum carries about 1 / alpha steps' gradients
            stepSize /= 10;
        }
        StepSizeSchedule schedule = name.equals("csgld") ? new Cyclical(stepSize, 2, EngineCases.STEPS)
                : new Constant(stepSize);
        UpdateRule rule = switch (name) {
            case "sgld" -> new Sgld();
            case "sgd" -> new Sgd();
            case "adam" -> new Adam();
            case "psgld" -> new Psgld(0.99, 1e-3);
            case "sghmc" -> new Sghmc(0.1, 0.02, 16);
            case "csgld" -> new Csgld((Cyclical) schedule, 0.3);
            case "sgnht" -> new dev.langevin.algorithm.Sgnht(0.1);
            default -> new Mala();
        };
        cases.add(Arguments.of(model, estimator, rule, schedule, name.equals("psgld") ? 1e-4 : 1e-5));
    }

    private static Plan plan(ModelTarget model, GradientEstimator estimator, UpdateRule rule, StepSizeSchedule schedule) {
        return Plans.plan(model, estimator, rule, schedule, 1, CHAINS, EngineCases.STEPS, 0, 1,
                new InitialState.Uniform(-1.5, 1.5), 42);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void agreesWithTheReference(ModelTarget model, GradientEstimator estimator, UpdateRule rule,
                                StepSizeSchedule schedule, double tolerance) {
        Plan plan = plan(model, estimator, rule, schedule);
        assertEquals(java.util.Optional.empty(), TornadoEngine.unsupported(plan));
        InMemoryDraws expectedDraws = new InMemoryDraws(CHAINS, plan.draws(), plan.dim());
        RunResult expected = new ReferenceEngine().run(plan, expectedDraws, ProgressListener.NONE);
        InMemoryDraws actualDraws = new InMemoryDraws(CHAINS, plan.draws(), plan.dim());
        RunResult actual = new TornadoEngine(0, 16).run(plan, actualDraws, ProgressListener.NONE);
        double worst = EngineCases.worstDifference(expectedDraws.values(), actualDraws.values());
        assertTrue(worst <= tolerance, "largest relative difference " + worst + " exceeds " + tolerance);
        if (rule instanceof Mala) {
            assertArrayEquals(expected.accepted(), actual.accepted(), "the same proposals are accepted");
        }
    }

    /** Contract 2: K changes no bit; neither does splitting the chains into two plans. */
    @Test
    void launchSizeAndSplittingChangeNothing() {
        Plan plan = Plans.plan(poisson, new MinibatchGradient(16, false), new Sgld(), new Constant(1e-5), 1, 53, 90, 20,
                3, new InitialState.Normal(0, 0.5), 9);
        InMemoryDraws whole = run(new TornadoEngine(0, 64), plan);
        assertArrayEquals(whole.values(), run(new TornadoEngine(0, 7), plan).values());
        InMemoryDraws first = run(new TornadoEngine(0), plan.slice(0, 21));
        InMemoryDraws second = run(new TornadoEngine(0), plan.slice(21, 32));
        EngineCases.assertSplitMatches(whole, first, second, 21);
        Plan mala = Plans.plan(eightSchools, new FullGradient(), new Mala(), new Constant(0.1), 1, 20, 50, 10, 1,
                new InitialState.Normal(0, 1), 4);
        assertArrayEquals(run(new TornadoEngine(0, 64), mala).values(), run(new TornadoEngine(0, 3), mala).values());
    }

    /**
     * examples/eight-schools (dev.langevin.examples.EightSchoolsTest on the other engines): MALA's
     * draws of (mu, tau) agree with the posterior integrated on a grid of (mu, log tau), the school
     * effects integrated out (y_j | mu, tau ~ N(mu, sigma_j^2 + tau^2)); the summary reports tau.
     */
    @Test
    void eightSchoolsMalaAgreesWithTheGridPosterior() {
        double[] y = {28, 8, -3, 7, -1, 1, 18, 12};
        double[] sigma = {15, 10, 16, 11, 9, 11, 10, 18};
        int n = 1500;
        double[] m = new double[5];
        double[] logDensity = new double[n * n];
        double max = Double.NEGATIVE_INFINITY;
        for (int pass = 0; pass < 2; pass++) {
            for (int a = 0; a < n; a++) {
                double mu = -30 + 70 * (a + 0.5) / n;
                for (int b = 0; b < n; b++) {
                    double s = -15 + 21 * (b + 0.5) / n;
                    if (pass == 0) {
                        double tau2 = Math.exp(2 * s);
                        double l = -mu * mu / 50 - Math.log1p(tau2 / 25) + s;
                        for (int j = 0; j < 8; j++) {
                            double v = sigma[j] * sigma[j] + tau2;
                            l += -0.5 * Math.log(v) - 0.5 * (y[j] - mu) * (y[j] - mu) / v;
                        }
                        logDensity[a * n + b] = l;
                        max = Math.max(max, l);
                    } else {
                        double w = Math.exp(logDensity[a * n + b] - max);
                        m[0] += w;
                        m[1] += w * mu;
                        m[2] += w * mu * mu;
                        m[3] += w * Math.exp(s);
                        m[4] += w * Math.exp(2 * s);
                    }
                }
            }
        }
        double meanMu = m[1] / m[0];
        double meanTau = m[3] / m[0];
        double sdMu = Math.sqrt(m[2] / m[0] - meanMu * meanMu);
        double sdTau = Math.sqrt(m[4] / m[0] - meanTau * meanTau);
        try (Sampler.Result result = Sampler.of(eightSchools).algorithm("mala").stepSize(0.1).chains(64).steps(40000)
                .thin(10).init(new InitialState.Normal(0, 1)).seed(1).engine("tornadovm").run()) {
            assertEquals("tornadovm", result.engine());
            assertTrue(result.verdict().trusted(), result.verdict().text());
            ParameterSummary mu = result.summary().get(0);
            ParameterSummary tau = result.summary().get(1);
            assertEquals("tau", tau.name());
            assertEquals(meanMu, mu.mean(), 4 * mu.mcseMean(), "E[mu] " + mu);
            assertEquals(meanTau, tau.mean(), 4 * tau.mcseMean(), "E[tau] " + tau);
            assertEquals(sdMu, mu.sd(), 0.04 * sdMu, "sd[mu]");
            assertEquals(sdTau, tau.sd(), 0.06 * sdTau, "sd[tau]");
        }
    }

    /**
     * dev.langevin.engine.StepGroupsTest on a model: each group's chains are, bit for bit, those of
     * a plan at the group's own step size (factors 1/4, 1, 4 scale the step and noise exactly).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"sgld", "sghmc", "sgnht", "mala"})
    void eachStepGroupOfAModelIsTheRunAtItsOwnStepSize(String name) {
        double[] factors = {0.25, 1, 4};
        int group = 9;
        UpdateRule rule = dev.langevin.algorithm.Algorithms.byName(name);
        Plan grouped = new Plan(banana, new FullGradient(), rule, new Constant(0.005), 1, group * factors.length, 0, 60,
                20, 2, new InitialState.Uniform(-1, 1), 5, dev.langevin.engine.StepGroups.of(group, factors));
        assertEquals(java.util.Optional.empty(), TornadoEngine.unsupported(grouped));
        InMemoryDraws all = run(new TornadoEngine(0, 16), grouped);
        for (int g = 0; g < factors.length; g++) {
            Plan alone = new Plan(banana, new FullGradient(), rule, new Constant(0.005 * factors[g]), 1, group, g * group,
                    60, 20, 2, new InitialState.Uniform(-1, 1), 5);
            InMemoryDraws own = run(new TornadoEngine(0, 16), alone);
            for (int c = 0; c < group; c++) {
                for (int k = 0; k < own.draws(); k++) {
                    for (int j = 0; j < banana.dim(); j++) {
                        assertEquals(Float.floatToIntBits(own.get(c, k, j)), Float.floatToIntBits(all.get(g * group + c, k, j)),
                                name + ": group " + g + " chain " + c + " draw " + k + " coordinate " + j);
                    }
                }
            }
        }
    }

    /**
     * dev.langevin.engine.ReplicaExchangeTest on models: the reference's draws and swaps, exact energies on
     * the banana, minibatch estimates on the Poisson regression.
     */
    @Test
    void aModelMakesTheReferencesSwaps() {
        for (boolean minibatch : new boolean[] {false, true}) {
            Plan plan = new Plan(minibatch ? poisson : banana, minibatch ? new MinibatchGradient(16, false)
                    : new FullGradient(), new Sgld(), new Constant(minibatch ? 1e-5 : 0.005), 1, 40, 0, 60, 0, 1,
                    new InitialState.Uniform(-1, 1), 3)
                    .withExchange(new dev.langevin.engine.ReplicaExchange(new double[] {1, 3, 9, 27}, 5, 10));
            assertEquals(java.util.Optional.empty(), TornadoEngine.unsupported(plan));
            InMemoryDraws expectedDraws = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
            RunResult expected = new ReferenceEngine().run(plan, expectedDraws, ProgressListener.NONE);
            InMemoryDraws actualDraws = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
            RunResult actual = new TornadoEngine(0, 16).run(plan, actualDraws, ProgressListener.NONE);
            double worst = EngineCases.worstDifference(expectedDraws.values(), actualDraws.values());
            assertTrue(worst <= 1e-5, (minibatch ? "minibatch" : "full") + ": largest relative difference " + worst);
            assertArrayEquals(expected.swaps(), actual.swaps(), "swaps");
            assertTrue(minibatch || java.util.Arrays.stream(actual.swaps()).sum() > 0, "some swaps");
        }
    }

    /** dev.langevin.engine.TemperatureScheduleTest on models: mala tests each step at its own temperature. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"sgld", "sgnht", "mala"})
    void aModelAnnealsAsTheReferenceDoes(String name) {
        for (ModelTarget model : List.of(eightSchools, banana)) {
            Plan plan = Plans.plan(model, new FullGradient(), dev.langevin.algorithm.Algorithms.byName(name),
                    new Constant((model == banana ? 0.005 : 0.02) / (name.equals("sgnht") ? 10 : 1)), 1, CHAINS,
                    EngineCases.STEPS, 0, 1,
                    new InitialState.Uniform(-1.5, 1.5), 42)
                    .withTemperatures(new dev.langevin.schedule.TemperatureSchedule.Geometric(4, 1, 30));
            assertEquals(java.util.Optional.empty(), TornadoEngine.unsupported(plan));
            InMemoryDraws expectedDraws = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
            RunResult expected = new ReferenceEngine().run(plan, expectedDraws, ProgressListener.NONE);
            InMemoryDraws actualDraws = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
            RunResult actual = new TornadoEngine(0, 16).run(plan, actualDraws, ProgressListener.NONE);
            assertArrayEquals(expected.accepted(), actual.accepted(), "Metropolis-Hastings decisions");
            double worst = EngineCases.worstDifference(expectedDraws.values(), actualDraws.values());
            assertTrue(worst <= 1e-5, model.name() + " " + name + ": largest relative difference " + worst);
        }
    }

    @Test
    void whatCannotRunIsOneSentence(@TempDir Path dir) throws Exception {
        Plan minibatchWithoutRows = Plans.plan(funnel, new MinibatchGradient(4, false), new Sgld(), new Constant(0.01), 1,
                4, 10, 0, 1, new InitialState.Normal(0, 1), 1);
        assertEquals("The tornadovm engine runs model funnel with the full gradient, not the minibatch:4,per-chain "
                + "gradient; use --engine cpu or reference.", TornadoEngine.unsupported(minibatchWithoutRows).orElseThrow());

        // bit-level operations, which TornadoVM 5.2 cannot translate
        ModelTarget bits = compile(dir, "Bits", """
                public class Bits implements dev.langevin.model.Model {
                    public String name() { return "bits"; }
                    public int dim() { return 2; }
                    public static float priorPotential(float[] theta, int t, int stride, float[] p) {
                        return 0.5f * (theta[t] * theta[t] + theta[t + stride] * theta[t + stride]);
                    }
                    public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
                        grad[g] = Float.intBitsToFloat(Float.floatToRawIntBits(theta[t]) & 0x7fffffff);
                        grad[g + stride] = theta[t + stride];
                    }
                }
                """);
        assertOneSentence(bits, "TornadoVM cannot compile model bits (Bits.java) for device 0: ");

        // a method of another class, which TornadoVM reads only from the system class loader's class path
        ModelTarget helped = compile(dir, "Helped", """
                public class Helped implements dev.langevin.model.Model {
                    public String name() { return "helped"; }
                    public int dim() { return 2; }
                    public static float priorPotential(float[] theta, int t, int stride, float[] p) {
                        return Square.half(theta[t]) + Square.half(theta[t + stride]);
                    }
                    public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
                        grad[g] = theta[t];
                        grad[g + stride] = theta[t + stride];
                    }
                }
                class Square {
                    static float half(float x) { return 0.5f * x * x; }
                }
                """);
        String message = assertOneSentence(helped, "TornadoVM cannot compile model helped (Helped.java) for device 0: ");
        assertTrue(message.contains("call methods of class Square"), message);
    }

    private static ModelTarget compile(Path dir, String name, String source) throws Exception {
        Path file = dir.resolve(name + ".java");
        Files.writeString(file, source);
        return ModelTarget.of(ModelSource.instantiate(ModelSource.compile(file), Params.empty(), null));
    }

    private static String assertOneSentence(ModelTarget model, String start) {
        Plan plan = Plans.plan(model, new FullGradient(), new Mala(), new Constant(0.1), 1, 4, 10, 0, 1,
                new InitialState.Normal(0, 1), 1);
        assertTrue(TornadoEngine.unsupported(plan).isEmpty());
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> new TornadoEngine(0).run(plan, new InMemoryDraws(4, 10, 2), ProgressListener.NONE));
        String message = e.getMessage();
        assertTrue(message.startsWith(start), message);
        assertFalse(message.contains("\n") || message.contains("\u001B") || message.contains("ModelStub"), message);
        return message;
    }

    /** DeviceMath's functions of x[i], on the device: function f of value i at f * n + i. */
    public static void deviceMath(DoubleArray x, DoubleArray out) {
        int n = x.getSize();
        for (@Parallel int i = 0; i < n; i++) {
            double v = x.get(i);
            out.set(i, DeviceMath.log1p(v));
            out.set(n + i, DeviceMath.expm1(v));
            out.set(2 * n + i, DeviceMath.log10(v));
            out.set(3 * n + i, DeviceMath.cbrt(v));
            out.set(4 * n + i, DeviceMath.sinh(v));
            out.set(5 * n + i, DeviceMath.cosh(v));
            out.set(6 * n + i, DeviceMath.hypot(v, 3.0));
            out.set(7 * n + i, DeviceMath.floor(v));
            out.set(8 * n + i, DeviceMath.ceil(v));
            out.set(9 * n + i, DeviceMath.rint(v));
            out.set(10 * n + i, DeviceMath.round(v));
            out.set(11 * n + i, DeviceMath.round((float) v));
            out.set(12 * n + i, DeviceMath.copySign(2.0, v));
            out.set(13 * n + i, DeviceMath.copySign(2f, (float) v));
            out.set(14 * n + i, DeviceMath.fma(v, 3.0, 1.0));
            out.set(15 * n + i, DeviceMath.abs((int) v));
        }
    }

    @Test
    void deviceMathIsMathWithinEightUlpsOnTheDevice() throws Exception {
        double[] values = {-700, -30, -5.5, -2.5, -1.5, -1, -0.75, -0.5, -1e-3, -1e-9, -1e-300, 0, 1e-300, 1e-9, 1e-3,
            0.3, 0.5, 0.5000000000000001, 1, 1.5, 2.5, 3.4999, 7, 21.9, 22.1, 100, 709, 1e10};
        DoubleArray x = DoubleArray.fromArray(values);
        int functions = 16;
        DoubleArray out = new DoubleArray(functions * values.length);
        TaskGraph graph = new TaskGraph("deviceMath").transferToDevice(DataTransferMode.FIRST_EXECUTION, x)
                .task("deviceMath", TornadoModelsTest::deviceMath, x, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        try (TornadoExecutionPlan plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withCompilerFlags(TornadoVMBackendType.OPENCL, ModelRun.OPENCL_FLAGS).execute();
        }
        List<DoubleUnaryOperator> exact = List.of(Math::log1p, Math::expm1, Math::log10, Math::cbrt, Math::sinh,
                Math::cosh, v -> Math.hypot(v, 3.0), Math::floor, Math::ceil, Math::rint, v -> Math.round(v),
                v -> Math.round((float) v), v -> Math.copySign(2.0, v), v -> Math.copySign(2f, (float) v),
                v -> v * 3.0 + 1.0, v -> Math.abs((int) v));
        int n = values.length;
        for (int f = 0; f < functions; f++) {
            for (int i = 0; i < n; i++) {
                if ((f == 11 || f == 15) && Math.abs(values[i]) > Integer.MAX_VALUE) {
                    continue; // Java saturates a conversion to int; OpenCL C leaves it undefined
                }
                double expected = exact.get(f).applyAsDouble(values[i]);
                double actual = out.get(f * n + i);
                String what = "function " + f + " of " + values[i] + ": " + actual + " vs " + expected;
                if (Double.isNaN(expected) || Double.isInfinite(expected)) {
                    assertEquals(expected, actual, what);
                } else {
                    assertTrue(Math.abs(actual - expected) <= 8 * Math.ulp(expected), what);
                }
            }
        }
    }
}
