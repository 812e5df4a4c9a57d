package dev.langevin.examples;

import dev.langevin.Sampler;
import dev.langevin.diagnostics.ParameterSummary;
import dev.langevin.engine.InitialState;
import dev.langevin.engine.opencl.OpenCl;
import dev.langevin.model.GradientCheck;
import dev.langevin.model.Model;
import dev.langevin.model.ModelSource;
import dev.langevin.model.ModelTarget;
import dev.langevin.target.Params;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code examples/funnel}: v is exactly N(0, 3^2), and SGLD at a fixed step size cannot follow it
 * into the funnel's neck; a smaller step recovers much of the lower tail. The test holds the
 * example to what its README says.
 */
class FunnelTest {
    private static ParameterSummary v(ModelTarget model, double stepSize, String engine) {
        try (Sampler.Result result = Sampler.of(model).stepSize(stepSize).chains(512).steps(200000).thin(100)
                .init(new InitialState.Normal(0, 1)).seed(1).engine(engine).run()) {
            return result.summary().get(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "opencl"})
    void sgldLosesTheNeckAtALargeStepAndRecoversItAtASmallOne(String engine) {
        assumeTrue(!engine.equals("opencl") || !OpenCl.devices().isEmpty()
                || System.getenv("LANGEVIN_REQUIRE_OPENCL") != null, "no OpenCL device here");
        Model model = ModelSource.instantiate(ModelSource.compile(Path.of("examples/funnel/Funnel.java")),
                Params.empty(), null);
        ModelTarget funnel = ModelTarget.of(model).withOpenCl(ModelSource.read(Path.of("examples/funnel/Funnel.cl")),
                "examples/funnel/Funnel.cl");
        assertTrue(GradientCheck.of(funnel, 20, -2, 2, 1).passes());
        double exactQ5 = NormalDistribution.of(0, 3).inverseCumulativeProbability(0.05);
        ParameterSummary large = v(funnel, 0.1, engine);
        ParameterSummary small = v(funnel, 0.01, engine);
        assertTrue(large.mean() > 1 && large.q5() > exactQ5 + 2, "at step 0.1 the lower tail is lost: " + large);
        assertTrue(Math.abs(small.mean()) < Math.abs(large.mean()) / 2 && small.q5() < large.q5() - 1,
                "a tenth of the step recovers much of it: " + small);
        assertTrue(small.q5() > exactQ5, "but not all: " + small);
    }
}
