package dev.langevin.engine;

import dev.langevin.algorithm.Algorithms;
import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.Sgld;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.engine.reference.ReferenceEngine;
import dev.langevin.schedule.Constant;
import dev.langevin.schedule.TemperatureSchedule;
import dev.langevin.target.Target;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Temperature schedules: T_k from the host in every launch, the same on every engine, and the draws at the last T. */
class TemperatureScheduleTest {
    private static final TemperatureSchedule ANNEAL = new TemperatureSchedule.Geometric(4, 1, 30);

    @Test
    void geometricAnnealingReachesItsLastTemperatureAndStays() {
        TemperatureSchedule t = TemperatureSchedule.parse("geometric:t0=4,t1=1,steps=30");
        assertEquals(ANNEAL, t);
        assertEquals(4, t.temperature(0), 0);
        assertEquals(2, t.temperature(15), 1e-12, "halfway in log");
        assertEquals(1, t.temperature(30), 0);
        assertEquals(1, t.temperature(1000), 0);
        assertEquals("geometric:t0=4.0,t1=1.0,steps=30", t.describe());
        for (String bad : List.of("geometric:t0=4,t1=1", "geometric:t0=0,t1=1,steps=5", "geometric:t0=2,t1=1,steps=2.5",
                "geometrik:t0=2,t1=1,steps=5", "constant:t=-1", "constant:t=x", "geometric:t0=2,t1=1,steps=5,x=1")) {
            InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> TemperatureSchedule.parse(bad),
                    bad);
            assertTrue(e.getMessage().startsWith("The temperature schedule " + bad), e.getMessage());
        }
        assertTrue(assertThrows(InvalidParameterException.class, () -> TemperatureSchedule.parse("geometrik:t0=1"))
                .getMessage().contains("did you mean geometric?"));
    }

    @Test
    void eachLaunchCarriesItsStepsNoiseScales() throws Exception {
        Plan plan = Plans.plan(EngineCases.analytic("gaussian", 2, ""), new Sgld(), 0.01, 1, 4, 100, 50, 1, 1)
                .withTemperatures(ANNEAL);
        assertEquals(1, plan.temperature());
        LaunchSchedule launch = LaunchSchedule.of(plan, 10, 30);
        for (int i = 0; i < 30; i++) {
            assertEquals((float) Math.sqrt(2 * 0.01 * ANNEAL.temperature(10 + i)), launch.noiseScales()[i], 0);
        }
    }

    static Stream<Arguments> engines() {
        List<Arguments> cases = new ArrayList<>();
        for (EngineProvider provider : Engines.providers()) {
            if (!provider.name().equals("reference")) {
                for (String rule : List.of("sgld", "psgld", "sghmc", "sgnht", "mala")) {
                    cases.add(Arguments.of(provider.name(), rule));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("engines")
    void everyEngineAnnealsAsTheReferenceDoes(String engine, String rule) throws Exception {
        Target target = EngineCases.analytic("gaussian", 7, "mean=1,sigma=0.5:1:2:1:1:1:3");
        Plan plan = Plans.plan(target, new FullGradient(), Algorithms.byName(rule), new Constant(0.02), 1, 37,
                EngineCases.STEPS, 0, 1, new InitialState.Uniform(-1.5, 1.5), 42).withTemperatures(ANNEAL);
        EngineProvider provider = Engines.provider(engine).orElseThrow();
        if (provider.unsupported(plan).isPresent()) {
            assertTrue(engine.equals("tornadovm"), engine + " runs temperature schedules: " + provider.unsupported(plan));
            return;
        }
        InMemoryDraws expected = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
        RunResult reference = new ReferenceEngine().run(plan, expected, ProgressListener.NONE);
        InMemoryDraws actual = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
        RunResult result = provider.create(0).run(plan, actual, ProgressListener.NONE);
        assertArrayEquals(reference.accepted(), result.accepted(), "Metropolis-Hastings decisions");
        double worst = EngineCases.worstDifference(expected.values(), actual.values());
        assertTrue(worst <= 1e-5, engine + " " + rule + ": largest relative difference " + worst);
    }

    @Test
    void afterAnnealingTheDrawsAreAtTheLastTemperature() throws Exception {
        // from T = 20 down to 0.5 within the burn-in: SGLD's exact discretised variance at T = 0.5
        Target target = EngineCases.analytic("gaussian", 2, "sigma=1:2");
        double eta = 0.1;
        Plan plan = new Plan(target, new FullGradient(), new Sgld(), new Constant(eta), 1, 2048, 0, 2200, 200, 100,
                new InitialState.Uniform(-2, 2), 11).withTemperatures(new TemperatureSchedule.Geometric(20, 0.5, 150));
        InMemoryDraws draws = EngineCases.run(new dev.langevin.engine.cpu.CpuEngine(), plan);
        SamplerChecks.gaussianMoments(draws, new double[] {SamplerChecks.sgldVariance(1, eta, 0.5),
                SamplerChecks.sgldVariance(2, eta, 0.5)}, 0, "sgld annealed to T = 0.5");
    }
}
