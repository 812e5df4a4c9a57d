package dev.langevin.engine.tornadovm.example;

import dev.langevin.algorithm.Adam;
import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.Mala;
import dev.langevin.algorithm.Sgld;
import dev.langevin.algorithm.UpdateRule;
import dev.langevin.engine.InMemoryDraws;
import dev.langevin.engine.InitialState;
import dev.langevin.engine.Plan;
import dev.langevin.engine.Plans;
import dev.langevin.engine.reference.ReferenceEngine;
import dev.langevin.engine.tornadovm.TornadoDevices;
import dev.langevin.engine.tornadovm.TornadoEngine;
import dev.langevin.schedule.Constant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.langevin.engine.EngineCases.run;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A user's target, written as a Java gradient, runs through the tornadovm engine as the reference runs its double twin. */
class HimmelblauTest {
    @BeforeAll
    static void startsTornadoVm() {
        assertFalse(TornadoDevices.list().isEmpty());
    }

    @Test
    void aGradientWrittenInJavaRunsOnTheDeviceAsTheReferenceRunsIt() {
        for (UpdateRule rule : List.<UpdateRule>of(new Sgld(), new Adam())) {
            Plan plan = Plans.plan(new Himmelblau.Density(10), new FullGradient(), rule, new Constant(0.002), 1, 37, 40,
                    0, 1, new InitialState.Uniform(-4, 4), 5);
            float[] expected = run(new ReferenceEngine(), plan).values();
            InMemoryDraws draws = run(new TornadoEngine(0, 16, Himmelblau::advance, new float[] {10}), plan);
            double worst = 0;
            for (int i = 0; i < expected.length; i++) {
                worst = Math.max(worst, Math.abs(draws.values()[i] - expected[i]) / (1 + Math.abs(expected[i])));
            }
            assertTrue(worst < 1e-5, rule.name() + ": largest relative difference " + worst);
        }
    }

    @Test
    void aRuleWithoutASharedStepIsOneSentence() {
        Plan plan = Plans.plan(new Himmelblau.Density(10), new Mala(), 0.01, 1, 4, 10, 0, 1, 1);
        dev.langevin.error.InvalidParameterException e = assertThrows(dev.langevin.error.InvalidParameterException.class, () ->
                new TornadoEngine(0, 16, Himmelblau::advance, new float[] {10}).run(plan, (d, s, c, n) -> { },
                        dev.langevin.engine.ProgressListener.NONE));
        assertTrue(e.getMessage().startsWith("The tornadovm engine with a kernel of your own"), e.getMessage());
    }
}
