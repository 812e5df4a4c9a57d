package dev.langevin.algorithm;

import dev.langevin.engine.SamplerChecks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The law {@link Sghmc} refreshes the momentum from is the conditional law of v given theta
 * in the discrete chain's stationary joint law, on Gaussians of any scale, at any step size,
 * friction and temperature: v | theta ~ N(eta / (2 - alpha) grad U(theta), 2 eta T / (2 - alpha)).
 */
class SghmcTest {
    @Test
    void refreshDrawsTheMomentumFromItsStationaryConditional() {
        double[][] cases = {{1, 0.01, 0.1, 0.5}, {2, 0.01, 0.1, 1}, {0.3, 0.05, 0.3, 2}, {1, 0.2, 0.7, 1}, {3, 0.5, 1, 0.7}};
        for (double[] c : cases) {
            double sigma = c[0], eta = c[1], alpha = c[2], temperature = c[3];
            double[][] joint = SamplerChecks.sghmcCovariance(sigma, eta, alpha, temperature);
            // v | theta = theta Sigma_vt / Sigma_tt + N(0, Sigma_vv - Sigma_vt^2 / Sigma_tt), and grad U = theta / s^2
            double slope = joint[1][0] / joint[0][0] * sigma * sigma;
            double variance = joint[1][1] - joint[1][0] * joint[1][0] / joint[0][0];
            String what = "sigma " + sigma + ", eta " + eta + ", alpha " + alpha + ", T " + temperature;
            assertEquals(eta / (2 - alpha), slope, 1e-12 * slope, what);
            assertEquals(2 * eta * temperature / (2 - alpha), variance, 1e-12 * variance, what);
            // and theta's variance in closed form
            assertEquals(sigma * sigma * temperature / (1 - eta / (2 * (2 - alpha) * sigma * sigma)), joint[0][0],
                    1e-12 * joint[0][0], what);
        }
    }
}
