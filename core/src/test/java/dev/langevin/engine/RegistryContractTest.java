package dev.langevin.engine;

import dev.langevin.TestData;
import dev.langevin.algorithm.Algorithms;
import dev.langevin.algorithm.ControlVariateGradient;
import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.algorithm.UpdateRule;
import dev.langevin.engine.reference.ReferenceEngine;
import dev.langevin.model.ModelTarget;
import dev.langevin.model.TestModels;
import dev.langevin.schedule.Constant;
import dev.langevin.schedule.StepSizeSchedule;
import dev.langevin.target.DataTarget;
import dev.langevin.target.Params;
import dev.langevin.target.Target;
import dev.langevin.target.Targets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Contract 4 over the registry: every engine registered here (the tornadovm engine too, in a
 * build that has it) is compared with the reference on every case it says it can run, the
 * built-in targets' and the models'; a new engine, target or model is tested by being registered.
 */
class RegistryContractTest {
    static Stream<Arguments> cases() throws Exception {
        List<Arguments> cases = new ArrayList<>();
        List<Arguments> all = new ArrayList<>(EngineCases.equivalence().toList());
        Target studentT = Targets.create("student-t", new Targets.Request(4, Params.parse("nu=4,sigma=2"), null, 1));
        for (String rule : List.of("sgld", "psgld", "sghmc", "mala", "sgd", "adam")) {
            all.add(Arguments.of(studentT, new FullGradient(), Algorithms.byName(rule), new Constant(0.05), 1e-5));
        }
        ModelTarget model = ModelTarget.of(new TestModels.Regression(Params.parse("precision=0.1"), TestData.breastCancer()));
        try (java.io.InputStream cl = RegistryContractTest.class.getResourceAsStream("/models/test-regression.cl")) {
            model.withOpenCl(new String(cl.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                    "models/test-regression.cl");
        }
        DataTarget regression = (DataTarget) model;
        for (GradientEstimator estimator : List.of(new FullGradient(), new MinibatchGradient(16, false),
                new MinibatchGradient(5, true), ControlVariateGradient.find(regression, 16, false, 100, 1e-4, 5))) {
            all.add(Arguments.of(regression, estimator, Algorithms.byName("sgld"), new Constant(1e-4), 1e-5));
        }
        // psgld as EquivalenceCases runs it on data: its preconditioned step is N times larger, so eta / N
        all.add(Arguments.of(regression, new MinibatchGradient(16, false), new dev.langevin.algorithm.Psgld(0.99, 1e-3),
                new Constant(1e-4 / regression.rows()), 1e-5));
        all.add(Arguments.of(regression, ControlVariateGradient.find(regression, 16, true, 100, 1e-4, 5),
                new dev.langevin.algorithm.Psgld(0.99, 1e-3), new Constant(1e-4 / regression.rows()), 1e-5));
        for (String rule : List.of("sghmc", "adam", "mala")) {
            GradientEstimator estimator = rule.equals("mala") ? new FullGradient() : new MinibatchGradient(16, false);
            all.add(Arguments.of(regression, estimator, Algorithms.byName(rule), new Constant(1e-4), 1e-5));
        }
        // the classifiers on 40 digits (64 features, 10 classes): softmax regression and a tanh MLP
        dev.langevin.data.Dataset digits = dev.langevin.data.CsvData.load(java.nio.file.Path.of("data/digits.csv.gz"), 0, -1)
                .select(java.util.stream.IntStream.range(0, 40).toArray()).standardize();
        Target softmax = Targets.create("softmax-regression", new Targets.Request(0, Params.empty(), digits, 1));
        Target mlp = Targets.create("mlp", new Targets.Request(0, Params.parse("hidden=6:5,classes=10"), digits, 1));
        all.add(Arguments.of(softmax, new FullGradient(), Algorithms.byName("sgld"), new Constant(1e-3), 1e-5));
        all.add(Arguments.of(mlp, new MinibatchGradient(8, false), Algorithms.byName("sgld"), new Constant(1e-3), 1e-5));
        // the cpu engine's vectorised MLP: relu, the full gradient, shared batches, control variates
        Target relu = Targets.create("mlp", new Targets.Request(0, Params.parse("hidden=7,activation=relu"), digits, 1));
        all.add(Arguments.of(relu, new FullGradient(), Algorithms.byName("sgld"), new Constant(1e-3), 1e-5));
        all.add(Arguments.of(mlp, new MinibatchGradient(6, true), Algorithms.byName("sgld"), new Constant(1e-3), 1e-5));
        all.add(Arguments.of(relu, ControlVariateGradient.find((DataTarget) relu, 8, false, 100, 1e-4, 5),
                Algorithms.byName("sgld"), new Constant(1e-3), 1e-5));
        for (EngineProvider provider : Engines.providers()) {
            if (provider.name().equals("reference")) {
                continue;
            }
            for (Arguments arguments : all) {
                Object[] a = arguments.get();
                cases.add(Arguments.of(provider.name(), a[0], a[1], a[2], a[3], a[4]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1} {2} {3}")
    @MethodSource("cases")
    void everyEngineAgreesWithTheReferenceWhereItClaimsToRun(String engine, Target target, GradientEstimator estimator,
                                                             UpdateRule rule, StepSizeSchedule schedule,
                                                             double tolerance) {
        Plan plan = Plans.plan(target, estimator, rule, schedule, 1, 37, EngineCases.STEPS, 0, 1,
                new InitialState.Uniform(-1.5, 1.5), 42);
        EngineProvider provider = Engines.provider(engine).orElseThrow();
        Optional<String> declined = provider.unsupported(plan);
        if (target instanceof ModelTarget && List.of("cpu", "opencl").contains(engine)) {
            assertTrue(declined.isEmpty(), engine + " runs every model (with its OpenCL C functions) with the full "
                    + "gradient, minibatches or control variates: " + declined.orElse(""));
        }
        if (declined.isPresent()) {
            assertTrue(declined.get().contains(engine), "a refusal names the engine: " + declined.get());
            return;
        }
        InMemoryDraws reference = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
        RunResult expected = new ReferenceEngine().run(plan, reference, ProgressListener.NONE);
        InMemoryDraws actual = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
        RunResult result = provider.create(0).run(plan, actual, ProgressListener.NONE);
        assertArrayEquals(expected.accepted(), result.accepted(), "Metropolis-Hastings decisions");
        double worst = EngineCases.worstDifference(reference.values(), actual.values());
        assertTrue(worst <= tolerance, engine + ": largest relative difference " + worst + " exceeds " + tolerance);
    }

    @Test
    void autoTakesTheFirstEngineByPreferenceThatWantsThePlan() throws Exception {
        Plan gaussian = Plans.plan(EngineCases.analytic("gaussian", 3, ""), Algorithms.byName("sgld"), 0.01, 1, 8, 10, 0, 1, 1);
        String expected = Engines.providers().stream()
                .sorted(java.util.Comparator.comparingInt(EngineProvider::preference))
                .filter(p -> p.automatic(gaussian).isPresent()).findFirst().orElseThrow().name();
        assertEquals(expected, Engines.forPlan("auto", gaussian).name());
        assertTrue(List.of("opencl", "cpu").contains(expected), "a GPU, else the cpu engine (this JVM has the Vector "
                + "API): " + expected);
        assertTrue(Engines.names().containsAll(List.of("auto", "opencl", "cpu", "reference", "tornadovm")));
    }
}
