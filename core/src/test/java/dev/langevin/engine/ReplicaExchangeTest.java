package dev.langevin.engine;

import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.algorithm.Sgld;
import dev.langevin.engine.reference.ReferenceEngine;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.schedule.Constant;
import dev.langevin.target.Target;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replica exchange SGLD: the engines make the host's swaps as the reference does, and the T = 1
 * chains spend the mixture's weights in its modes, where plain SGLD's chains stay in the mode
 * they started near.
 */
class ReplicaExchangeTest {
    private static final double[] LADDER = {1, 3, 9, 27};

    /** Two modes at -4 and 4 with weights 1/4 and 3/4, in one dimension: a barrier SGLD at T = 1 does not cross. */
    private static Target mixture() throws Exception {
        return EngineCases.analytic("mixture", 1, "means=-4:4,sigmas=1:1,weights=1:3");
    }

    static Stream<String> engines() {
        return Engines.providers().stream().map(EngineProvider::name).filter(n -> !n.equals("reference"));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void everyEngineMakesTheReferencesSwaps(String engine) throws Exception {
        for (boolean minibatch : new boolean[] {false, true}) {
            Target target = minibatch ? EngineCases.data("logistic-regression", dev.langevin.TestData.breastCancer())
                    : mixture();
            Plan plan = new Plan(target, minibatch ? new MinibatchGradient(16, false) : new FullGradient(), new Sgld(),
                    new Constant(minibatch ? 1e-4 : 0.05), 1, 40, 0, 60, 0, 1, new InitialState.Uniform(-6, 6), 3)
                    .withExchange(new ReplicaExchange(LADDER, 5, 10));
            EngineProvider provider = Engines.provider(engine).orElseThrow();
            if (provider.unsupported(plan).isPresent()) {
                assertTrue(engine.equals("tornadovm"), engine + " runs replica exchange: " + provider.unsupported(plan));
                return;
            }
            InMemoryDraws expected = EngineCases.run(new ReferenceEngine(), plan);
            InMemoryDraws actual = EngineCases.run(provider.create(0), plan);
            double worst = EngineCases.worstDifference(expected.values(), actual.values());
            assertTrue(worst <= 1e-5, engine + (minibatch ? " minibatch" : " full") + ": largest relative difference "
                    + worst);
        }
    }

    @Test
    void theColdChainsFindBothModesInTheirProportion() throws Exception {
        int ladders = 256;
        Plan plain = new Plan(mixture(), new FullGradient(), new Sgld(), new Constant(0.05), 1, ladders, 0, 6000, 2000, 10,
                new InitialState.Uniform(-6, 6), 7);
        Plan exchanging = new Plan(mixture(), new FullGradient(), new Sgld(), new Constant(0.05), 1,
                ladders * LADDER.length, 0, 6000, 2000, 10, new InitialState.Uniform(-6, 6), 7)
                .withExchange(new ReplicaExchange(LADDER, 10, ladders));
        double plainShare = shareAbove(EngineCases.run(new dev.langevin.engine.cpu.CpuEngine(), plain), ladders);
        double exchangeShare = shareAbove(EngineCases.run(new dev.langevin.engine.cpu.CpuEngine(), exchanging), ladders);
        // the mode at 4 holds 3/4 of the mass; plain SGLD keeps the chains' starting split (about half)
        assertEquals(0.75, exchangeShare, 0.04, "replica exchange's T = 1 chains");
        assertTrue(Math.abs(plainShare - 0.75) > 0.15, "plain SGLD should not find the weights: " + plainShare);
    }

    /** The share of the first chains' draws above 0. */
    private static double shareAbove(InMemoryDraws draws, int chains) {
        long above = 0;
        for (int c = 0; c < chains; c++) {
            for (int k = 0; k < draws.draws(); k++) {
                above += draws.get(c, k, 0) > 0 ? 1 : 0;
            }
        }
        return (double) above / ((long) chains * draws.draws());
    }

    @Test
    void aLadderIsCheckedAndTheChainsMustFillIt() throws Exception {
        assertThrows(InvalidParameterException.class, () -> new ReplicaExchange(new double[] {1}, 5, 4));
        assertThrows(InvalidParameterException.class, () -> new ReplicaExchange(new double[] {1, 3, 2}, 5, 4));
        assertThrows(InvalidParameterException.class, () -> new ReplicaExchange(LADDER, 0, 4));
        Plan plan = new Plan(mixture(), new FullGradient(), new Sgld(), new Constant(0.05), 1, 30, 0, 60, 0, 1,
                new InitialState.Uniform(-6, 6), 3);
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> plan.withExchange(new ReplicaExchange(LADDER, 5, 10)));
        assertTrue(e.getMessage().contains("needs 40 chains"), e.getMessage());
    }
}
