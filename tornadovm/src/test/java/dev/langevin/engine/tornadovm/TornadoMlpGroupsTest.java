package dev.langevin.engine.tornadovm;

import dev.langevin.TestData;
import dev.langevin.algorithm.Algorithms;
import dev.langevin.algorithm.ControlVariateGradient;
import dev.langevin.algorithm.Csgld;
import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.algorithm.UpdateRule;
import dev.langevin.data.CsvData;
import dev.langevin.data.Dataset;
import dev.langevin.engine.EngineCases;
import dev.langevin.engine.InMemoryDraws;
import dev.langevin.engine.InitialState;
import dev.langevin.engine.Plan;
import dev.langevin.engine.Plans;
import dev.langevin.engine.ProgressListener;
import dev.langevin.engine.ReplicaExchange;
import dev.langevin.engine.RunResult;
import dev.langevin.engine.StepGroups;
import dev.langevin.engine.reference.ReferenceEngine;
import dev.langevin.schedule.Constant;
import dev.langevin.schedule.Cyclical;
import dev.langevin.schedule.StepSizeSchedule;
import dev.langevin.target.DataTarget;
import dev.langevin.target.Params;
import dev.langevin.target.Target;
import dev.langevin.target.Targets;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MLP's gradient by a work-group per chain ({@link MlpGroups}, then the step, one step a
 * launch), forced on the test's device, against the same plan with a thread per chain
 * ({@link ModelKernel} with Mlp's methods, K fused steps): the two sum the same terms in the same
 * order, so the draws agree to rounding for every rule the group path takes; and against the
 * reference engine as {@link TornadoModelsTest} holds the models.
 */
class TornadoMlpGroupsTest {
    private static final int CHAINS = 21;
    private static final int STEPS = 30;

    private static Dataset digits;

    @BeforeAll
    static void needsADevice() throws Exception {
        assertFalse(TornadoDevices.list().isEmpty(), "TornadoVM has no device");
        digits = CsvData.load(Path.of("data/digits.csv.gz"), 0, -1).select(IntStream.range(0, 60).toArray()).standardize();
    }

    private static Target mlp(String params) {
        return Targets.create("mlp", new Targets.Request(0, Params.parse(params), digits, 1));
    }

    static Stream<Arguments> cases() throws Exception {
        List<Arguments> cases = new ArrayList<>();
        Target tanh = mlp("hidden=9:7");
        Target relu = mlp("hidden=11:6,activation=relu");
        for (String rule : List.of("sgld", "psgld", "sghmc", "sgnht", "sgd", "adam", "csgld")) {
            cases.add(Arguments.of(tanh, new MinibatchGradient(8, false), rule));
        }
        for (String rule : List.of("sgld", "psgld", "adam")) {
            cases.add(Arguments.of(tanh, new FullGradient(), rule));
        }
        cases.add(Arguments.of(tanh, new MinibatchGradient(5, true), "sgld"));
        cases.add(Arguments.of(relu, new FullGradient(), "sgld"));
        cases.add(Arguments.of(relu, new MinibatchGradient(6, false), "sghmc"));
        cases.add(Arguments.of(Targets.create("softmax-regression", new Targets.Request(0, Params.empty(), digits, 1)),
                new MinibatchGradient(7, false), "sghmc"));
        // regression: the Gaussian likelihood on the diabetes data's real labels
        Target regression = Targets.create("mlp", new Targets.Request(0,
                Params.parse("hidden=9:7,likelihood=gaussian,noise-sd=50"), TestData.diabetes(60), 1));
        cases.add(Arguments.of(regression, new MinibatchGradient(8, false), "sgld"));
        cases.add(Arguments.of(regression, new FullGradient(), "adam"));
        return cases.stream();
    }

    private static Plan plan(Target target, GradientEstimator estimator, String name) {
        double stepSize = name.equals("psgld") ? 1e-4 / ((DataTarget) target).rows() : 1e-3;
        StepSizeSchedule schedule = name.equals("csgld") ? new Cyclical(stepSize, 2, STEPS) : new Constant(stepSize);
        UpdateRule rule = name.equals("csgld") ? new Csgld((Cyclical) schedule, 0.3) : Algorithms.byName(name);
        return Plans.plan(target, estimator, rule, schedule, 1, CHAINS, STEPS, 0, 1,
                new InitialState.Uniform(-0.5, 0.5), 11);
    }

    @ParameterizedTest(name = "{2} {1} on {0}")
    @MethodSource("cases")
    void aWorkGroupPerChainGivesTheDrawsOfAThreadPerChain(Target target, GradientEstimator estimator, String name) {
        Plan plan = plan(target, estimator, name);
        long localMemory = TornadoDevices.device(0).getPhysicalDevice().getDeviceLocalMemorySize();
        assertTrue(MlpGroups.serves(plan, localMemory), "the group path takes " + name);
        InMemoryDraws threads = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
        RunResult threadsResult = new TornadoEngine(0, 16, false).run(plan, threads, ProgressListener.NONE);
        InMemoryDraws groups = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
        RunResult groupsResult = new TornadoEngine(0, 16, true).run(plan, groups, ProgressListener.NONE);
        float[] expected = threads.values();
        float[] actual = groups.values();
        assertEquals(expected.length, actual.length);
        double worst = 0;
        double spread = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / (1 + Math.abs(expected[i])));
            spread = Math.max(spread, Math.abs(expected[i]));
        }
        assertTrue(worst <= 1e-5, name + ": worst relative difference " + worst);
        assertTrue(spread > 0.1, "the draws moved: " + spread);
        assertArrayEquals(threadsResult.finalState(), groupsResult.finalState(), 1e-4f);
        assertEquals(threadsResult.divergences(), groupsResult.divergences());
        InMemoryDraws reference = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
        new ReferenceEngine().run(plan, reference, ProgressListener.NONE);
        double tolerance = name.equals("psgld") ? 1e-4 : 1e-5;
        double fromReference = EngineCases.worstDifference(reference.values(), actual);
        assertTrue(fromReference <= tolerance, name + ": largest relative difference from the reference "
                + fromReference + " exceeds " + tolerance);
    }

    /**
     * Burn-in and thinning: the group path executes the task graph once a step and brings the
     * kept draws back after a launch's last step; K changes no bit, and the thread path agrees.
     */
    @Test
    void launchSizeAndThinningChangeNothingOnTheGroupPath() {
        Plan plan = Plans.plan(mlp("hidden=9:7"), new MinibatchGradient(8, false), Algorithms.byName("sghmc"),
                new Constant(1e-3), 1, 13, 47, 9, 4, new InitialState.Uniform(-0.5, 0.5), 5);
        InMemoryDraws sixteen = EngineCases.run(new TornadoEngine(0, 16, true), plan);
        InMemoryDraws five = EngineCases.run(new TornadoEngine(0, 5, true), plan);
        assertArrayEquals(sixteen.values(), five.values());
        InMemoryDraws threads = EngineCases.run(new TornadoEngine(0, 16, false), plan);
        double worst = EngineCases.worstDifference(threads.values(), sixteen.values());
        assertTrue(worst <= 1e-5, "worst relative difference " + worst);
    }

    /** Step groups' factors and replica exchange's swaps (the state to the host and back between steps) on the group path. */
    @Test
    void stepGroupsAndReplicaExchangeOnTheGroupPath() {
        Target tanh = mlp("hidden=9:7");
        Plan grouped = new Plan(tanh, new MinibatchGradient(8, false), Algorithms.byName("sghmc"), new Constant(1e-3), 1,
                12, 0, 30, 10, 2, new InitialState.Uniform(-0.5, 0.5), 5,
                StepGroups.of(4, new double[] {0.25, 1, 4}));
        Plan exchange = new Plan(tanh, new MinibatchGradient(8, false), Algorithms.byName("sgld"), new Constant(1e-3), 1,
                12, 0, 30, 0, 1, new InitialState.Uniform(-0.5, 0.5), 3)
                .withExchange(new ReplicaExchange(new double[] {1, 3, 9, 27}, 5, 3));
        for (Plan plan : List.of(grouped, exchange)) {
            long localMemory = TornadoDevices.device(0).getPhysicalDevice().getDeviceLocalMemorySize();
            assertTrue(MlpGroups.serves(plan, localMemory));
            InMemoryDraws threads = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
            RunResult threadsResult = new TornadoEngine(0, 16, false).run(plan, threads, ProgressListener.NONE);
            InMemoryDraws groups = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
            RunResult groupsResult = new TornadoEngine(0, 16, true).run(plan, groups, ProgressListener.NONE);
            double worst = EngineCases.worstDifference(threads.values(), groups.values());
            assertTrue(worst <= 1e-5, "worst relative difference " + worst);
            assertArrayEquals(threadsResult.swaps(), groupsResult.swaps(), "swaps");
        }
    }

    @Test
    void theGroupPathLeavesOutWhatItCannotRun() {
        long localMemory = TornadoDevices.device(0).getPhysicalDevice().getDeviceLocalMemorySize();
        Target tanh = mlp("hidden=9:7");
        Plan mala = Plans.plan(tanh, new FullGradient(), Algorithms.byName("mala"), new Constant(1e-3), 1, 4, 10,
                0, 1, new InitialState.Uniform(-0.5, 0.5), 1);
        assertFalse(MlpGroups.serves(mala, localMemory), "mala takes the gradient at its proposal too");
        Plan cv = Plans.plan(tanh, ControlVariateGradient.find((DataTarget) tanh, 8, false, 50, 1e-4, 5),
                Algorithms.byName("sgld"), new Constant(1e-3), 1, 4, 10, 0, 1, new InitialState.Uniform(-0.5, 0.5), 1);
        assertFalse(MlpGroups.serves(cv, localMemory), "control variates need the mode's gradient too");
        Plan sgld = Plans.plan(tanh, new MinibatchGradient(8, false), Algorithms.byName("sgld"), new Constant(1e-3),
                1, 4, 10, 0, 1, new InitialState.Uniform(-0.5, 0.5), 1);
        assertTrue(MlpGroups.serves(sgld, localMemory));
        assertFalse(MlpGroups.serves(sgld, MlpGroups.LOCAL_BYTES - 1), "the kernel's local arrays must fit the device's");
        Plan wide = Plans.plan(mlp("hidden=70"), new FullGradient(), Algorithms.byName("sgld"), new Constant(1e-3),
                1, 4, 10, 0, 1, new InitialState.Uniform(-0.5, 0.5), 1);
        assertTrue(wide.dim() > MlpGroups.MAX_DIM);
        assertFalse(MlpGroups.serves(wide, localMemory), "d = " + wide.dim() + " is above the kernel's capacity");
        Plan large = Plans.plan(tanh, new MinibatchGradient(MlpGroups.MAX_BATCH + 1, false), Algorithms.byName("sgld"),
                new Constant(1e-3), 1, 4, 10, 0, 1, new InitialState.Uniform(-0.5, 0.5), 1);
        assertFalse(MlpGroups.serves(large, localMemory), "a batch above the kernel's capacity");
        Plan gaussian = Plans.plan(Targets.create("gaussian", new Targets.Request(100, Params.empty(), null, 1)),
                new FullGradient(), Algorithms.byName("sgld"), new Constant(1e-3), 1, 4, 10, 0, 1,
                new InitialState.Uniform(-0.5, 0.5), 1);
        assertFalse(MlpGroups.serves(gaussian, localMemory), "only the MLP has a group kernel");
    }
}
