package dev.langevin.engine;

import dev.langevin.algorithm.Algorithms;
import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.algorithm.UpdateRule;
import dev.langevin.schedule.Constant;
import dev.langevin.target.Target;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-chain step sizes in one plan ({@link StepGroups}): each group's chains are, bit for bit,
 * the chains of a plan of their own at the group's step size, on every engine that runs step
 * groups. Factors 1/4, 1 and 4 scale the step size and its noise scale (by 1/2, 1, 2) exactly in
 * float, so nothing but the grouping can make them differ.
 */
class StepGroupsTest {
    private static final double[] FACTORS = {0.25, 1, 4};
    private static final int GROUP = 9;

    static Stream<Arguments> cases() throws Exception {
        List<Arguments> cases = new ArrayList<>();
        Target gaussian = EngineCases.analytic("gaussian", 3, "sigma=0.5:1:2");
        Target logistic = EngineCases.data("logistic-regression", dev.langevin.TestData.breastCancer());
        for (EngineProvider provider : Engines.providers()) {
            for (String rule : List.of("sgld", "psgld", "sghmc", "sgnht", "mala", "sgd", "adam")) {
                cases.add(Arguments.of(provider.name(), gaussian, rule, 0.01));
            }
            cases.add(Arguments.of(provider.name(), logistic, "sgld", 1e-4));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {2} on {1}")
    @MethodSource("cases")
    void eachGroupIsTheRunAtItsOwnStepSize(String engineName, Target target, String ruleName, double eta) {
        UpdateRule rule = Algorithms.byName(ruleName);
        var estimator = target instanceof dev.langevin.target.DataTarget ? new MinibatchGradient(8, false)
                : new FullGradient();
        Plan grouped = new Plan(target, estimator, rule, new Constant(eta), 1, GROUP * FACTORS.length, 0, 60, 20, 2,
                new InitialState.Uniform(-1, 1), 5, StepGroups.of(GROUP, FACTORS));
        EngineProvider provider = Engines.provider(engineName).orElseThrow();
        if (provider.unsupported(grouped).isPresent()) {
            assertTrue(engineName.equals("tornadovm"), engineName + " runs step groups: " + provider.unsupported(grouped));
            return;
        }
        InMemoryDraws all = EngineCases.run(provider.create(0), grouped);
        for (int g = 0; g < FACTORS.length; g++) {
            Plan alone = new Plan(target, estimator, rule, new Constant(eta * FACTORS[g]), 1, GROUP, g * GROUP, 60, 20, 2,
                    new InitialState.Uniform(-1, 1), 5);
            InMemoryDraws own = EngineCases.run(provider.create(0), alone);
            for (int c = 0; c < GROUP; c++) {
                for (int k = 0; k < own.draws(); k++) {
                    for (int j = 0; j < target.dim(); j++) {
                        assertEquals(Float.floatToIntBits(own.get(c, k, j)), Float.floatToIntBits(all.get(g * GROUP + c, k, j)),
                                engineName + " " + ruleName + ": group " + g + " chain " + c + " draw " + k + " coordinate " + j);
                    }
                }
            }
        }
    }
}
