package dev.langevin.engine;

import dev.langevin.algorithm.Sgld;
import dev.langevin.engine.reference.ReferenceEngine;
import dev.langevin.target.Gaussian;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * For U = theta^2 / (2 sigma^2) and constant eta, SGLD is the AR(1) process
 * theta' = (1 - eta / sigma^2) theta + sqrt(2 eta T) xi, whose stationary variance is
 * 2 eta T / (1 - (1 - eta / sigma^2)^2) = sigma^2 T / (1 - eta / (2 sigma^2)).
 */
class SgldKnownAnswerTest {

    @Test
    void stationaryVarianceIsTheAr1Value() {
        double sigma = 1.5;
        double eta = 1.0;
        double temperature = 0.8;
        int d = 4;
        int chains = 4000;
        double[] mean = new double[d];
        double[] sigmas = {sigma, sigma, sigma, sigma};
        // 200 steps: the AR coefficient 1 - eta / sigma^2 = 0.556 forgets the start (variance 4/3) completely
        Plan plan = Plans.plan(new Gaussian(mean, sigmas), new Sgld(), eta, temperature, chains, 200, 199, 1, 2024);
        InMemoryDraws draws = new InMemoryDraws(chains, 1, d);
        new ReferenceEngine().run(plan, draws, ProgressListener.NONE);
        // one draw per chain and coordinate: chains and coordinates are independent, so n samples are iid
        int n = chains * d;
        double squares = 0;
        for (float v : draws.values()) {
            squares += (double) v * v;
        }
        double variance = squares / n;
        double expected = sigma * sigma * temperature / (1 - eta / (2 * sigma * sigma));
        double standardError = expected * Math.sqrt(2.0 / n);
        assertEquals(expected, variance, 4 * standardError, "AR(1) stationary variance");
        double naive = sigma * sigma * temperature;
        assertTrue(Math.abs(variance - naive) > 10 * standardError,
                "the discretisation bias is visible: " + variance + " vs sigma^2 T = " + naive);
    }
}
