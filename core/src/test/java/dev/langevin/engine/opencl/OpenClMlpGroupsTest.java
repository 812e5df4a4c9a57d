package dev.langevin.engine.opencl;

import dev.langevin.TestData;
import dev.langevin.algorithm.Algorithms;
import dev.langevin.algorithm.ControlVariateGradient;
import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.algorithm.UpdateRule;
import dev.langevin.data.CsvData;
import dev.langevin.data.Dataset;
import dev.langevin.engine.InMemoryDraws;
import dev.langevin.engine.InitialState;
import dev.langevin.engine.Plan;
import dev.langevin.engine.Plans;
import dev.langevin.engine.ProgressListener;
import dev.langevin.engine.RunResult;
import dev.langevin.schedule.Constant;
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
 * The MLP's gradient by a work-group per chain (kernels/mlp-group.cl, then advance one step at a
 * time) against the same plan with one work item per chain (mlp.cl through targets/model.cl, K
 * fused steps): the two sum the same terms in the same order, so the draws agree to rounding (the
 * compilers may fuse multiply-adds differently) for every rule the group path takes. Agreement
 * with the reference engine is RegistryContractTest's.
 */
class OpenClMlpGroupsTest {
    private static Dataset digits;

    @BeforeAll
    static void needsADevice() throws Exception {
        OpenClEngineTest.assumeDevice();
        digits = CsvData.load(Path.of("data/digits.csv.gz"), 0, -1).select(IntStream.range(0, 60).toArray()).standardize();
    }

    private static Target mlp(String params) {
        return Targets.create("mlp", new Targets.Request(0, Params.parse(params), digits, 1));
    }

    static Stream<Arguments> cases() throws Exception {
        List<Arguments> cases = new ArrayList<>();
        Target tanh = mlp("hidden=9:7");
        Target relu = mlp("hidden=11,activation=relu");
        for (String rule : List.of("sgld", "psgld", "sghmc", "sgnht", "sgd", "adam")) {
            cases.add(Arguments.of(tanh, new MinibatchGradient(8, false), rule));
        }
        cases.add(Arguments.of(tanh, new MinibatchGradient(5, true), "sgld"));
        cases.add(Arguments.of(relu, new FullGradient(), "sgld"));
        cases.add(Arguments.of(Targets.create("softmax-regression", new Targets.Request(0, Params.empty(), digits, 1)),
                new MinibatchGradient(7, false), "sghmc"));
        // regression: the Gaussian likelihood on the diabetes data's real labels
        Target regression = Targets.create("mlp", new Targets.Request(0,
                Params.parse("hidden=9:7,likelihood=gaussian,noise-sd=50"), TestData.diabetes(60), 1));
        cases.add(Arguments.of(regression, new MinibatchGradient(8, false), "sgld"));
        cases.add(Arguments.of(regression, new FullGradient(), "adam"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{2} {1} on {0}")
    @MethodSource("cases")
    void aWorkGroupPerChainGivesTheDrawsOfAWorkItemPerChain(Target target, GradientEstimator estimator, String name)
            throws Exception {
        UpdateRule rule = Algorithms.byName(name);
        double stepSize = name.equals("psgld") ? 1e-4 / ((DataTarget) target).rows() : 1e-3;
        Plan plan = Plans.plan(target, estimator, rule, new Constant(stepSize), 1, 21, 30, 0, 1,
                new InitialState.Uniform(-0.5, 0.5), 11);
        long localMemory = OpenCl.device(0).localMemory();
        assertTrue(OpenClEngine.chainGroups(plan, localMemory), "the group path takes " + name);
        InMemoryDraws items = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
        RunResult itemsResult = new OpenClEngine(0, 16, 0, 0, false).run(plan, items, ProgressListener.NONE);
        InMemoryDraws groups = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
        RunResult groupsResult = new OpenClEngine(0, 16, 0, 0, true).run(plan, groups, ProgressListener.NONE);
        float[] expected = items.values();
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
        assertArrayEquals(itemsResult.finalState(), groupsResult.finalState(), 1e-4f);
        assertEquals(itemsResult.divergences(), groupsResult.divergences());
    }

    @Test
    void theGroupPathLeavesOutWhatItCannotRun() throws Exception {
        long localMemory = OpenCl.device(0).localMemory();
        Target tanh = mlp("hidden=9:7");
        Plan mala = Plans.plan(tanh, new FullGradient(), Algorithms.byName("mala"), new Constant(1e-3), 1, 4, 10,
                0, 1, new InitialState.Uniform(-0.5, 0.5), 1);
        assertFalse(OpenClEngine.chainGroups(mala, localMemory), "mala takes the gradient at its proposal too");
        Plan cv = Plans.plan(tanh, ControlVariateGradient.find((DataTarget) tanh, 8, false, 50, 1e-4, 5),
                Algorithms.byName("sgld"), new Constant(1e-3), 1, 4, 10, 0, 1, new InitialState.Uniform(-0.5, 0.5), 1);
        assertFalse(OpenClEngine.chainGroups(cv, localMemory), "control variates need the mode's gradient too");
        Plan sgld = Plans.plan(tanh, new MinibatchGradient(8, false), Algorithms.byName("sgld"), new Constant(1e-3),
                1, 4, 10, 0, 1, new InitialState.Uniform(-0.5, 0.5), 1);
        assertTrue(OpenClEngine.chainGroups(sgld, localMemory));
        // a chain's theta and gradient must fit the work-group's local memory: 8 (d + units + batch) bytes and more
        assertFalse(OpenClEngine.chainGroups(sgld, 8L * sgld.dim()), "d = " + sgld.dim() + " in too little local memory");
        Plan gaussian = Plans.plan(Targets.create("gaussian", new Targets.Request(100, Params.empty(), null, 1)),
                new FullGradient(), Algorithms.byName("sgld"), new Constant(1e-3), 1, 4, 10, 0, 1,
                new InitialState.Uniform(-0.5, 0.5), 1);
        assertFalse(OpenClEngine.chainGroups(gaussian, localMemory), "only the MLP has a group kernel");
    }
}
