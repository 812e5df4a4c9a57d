package dev.langevin.engine.tornadovm;

import dev.langevin.TestData;
import dev.langevin.algorithm.Algorithms;
import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.algorithm.UpdateRule;
import dev.langevin.data.Dataset;
import dev.langevin.engine.EngineCases;
import dev.langevin.engine.InitialState;
import dev.langevin.engine.Plan;
import dev.langevin.engine.Plans;
import dev.langevin.engine.reference.ReferenceEngine;
import dev.langevin.model.ModelSource;
import dev.langevin.model.ModelTarget;
import dev.langevin.schedule.Constant;
import dev.langevin.target.Params;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static dev.langevin.engine.EngineCases.run;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TornadoModelsTest {
    private static final int CHAINS = 37;

    static ModelTarget model(String file, String params, Dataset data) {
        return ModelTarget.of(ModelSource.instantiate(ModelSource.compile(Path.of(file)), Params.parse(params), data));
    }

    void compare(ModelTarget target, GradientEstimator estimator, UpdateRule rule, double stepSize, double tolerance) {
        Plan plan = Plans.plan(target, estimator, rule, new Constant(stepSize), 1, CHAINS, EngineCases.STEPS, 0, 1,
                new InitialState.Uniform(-1.5, 1.5), 42);
        assertTrue(TornadoEngine.unsupported(plan).isEmpty(), TornadoEngine.unsupported(plan).orElse(""));
        float[] expected = run(new ReferenceEngine(), plan).values();
        float[] actual = run(new TornadoEngine(0, 16), plan).values();
        double worst = EngineCases.worstDifference(expected, actual);
        System.out.println(target.name() + " " + rule.name() + " " + estimator.describe() + " worst " + worst);
        assertTrue(worst <= tolerance, "largest relative difference " + worst + " exceeds " + tolerance);
    }

    @Test
    void smoke() throws Exception {
        ModelTarget schools = model("examples/eight-schools/EightSchools.java", "", null);
        compare(schools, new FullGradient(), Algorithms.byName("sgld"), 0.02, 1e-5);
        compare(schools, new FullGradient(), Algorithms.byName("mala"), 0.1, 1e-5);
        ModelTarget poisson = model("examples/poisson-regression/PoissonRegression.java", "columns=3", TestData.diabetes());
        compare(poisson, new MinibatchGradient(32, false), Algorithms.byName("sgld"), 1e-5, 1e-5);
    }
}
