package dev.langevin.examples;

import dev.langevin.Sampler;
import dev.langevin.diagnostics.ParameterSummary;
import dev.langevin.engine.InitialState;
import dev.langevin.model.GradientCheck;
import dev.langevin.model.Model;
import dev.langevin.model.ModelSource;
import dev.langevin.model.ModelTarget;
import dev.langevin.target.Params;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code examples/eight-schools}: MALA's draws of (mu, tau) agree with the posterior computed
 * another way, by integrating the school effects out (y_j | mu, tau ~ N(mu, sigma_j^2 + tau^2))
 * and summing over a fine grid of (mu, log tau). The model samples log tau and the summary reports tau.
 */
class EightSchoolsTest {
    private static final double[] Y = {28, 8, -3, 7, -1, 1, 18, 12};
    private static final double[] SIGMA = {15, 10, 16, 11, 9, 11, 10, 18};

    private static Model model;
    /** Grid posterior: E[mu], sd[mu], E[tau], sd[tau]. */
    private static double[] exact;

    @BeforeAll
    static void compileAndIntegrate() {
        model = ModelSource.instantiate(ModelSource.compile(Path.of("examples/eight-schools/EightSchools.java")),
                Params.empty(), null);
        int n = 1500;
        double muLo = -30;
        double muHi = 40;
        double sLo = -15;
        double sHi = 6;
        double[] logDensity = new double[n * n];
        double max = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < n; a++) {
            double mu = muLo + (muHi - muLo) * (a + 0.5) / n;
            for (int b = 0; b < n; b++) {
                double s = sLo + (sHi - sLo) * (b + 0.5) / n;
                double tau2 = Math.exp(2 * s);
                double l = -mu * mu / 50 - Math.log1p(tau2 / 25) + s;
                for (int j = 0; j < 8; j++) {
                    double v = SIGMA[j] * SIGMA[j] + tau2;
                    l += -0.5 * Math.log(v) - 0.5 * (Y[j] - mu) * (Y[j] - mu) / v;
                }
                logDensity[a * n + b] = l;
                max = Math.max(max, l);
            }
        }
        double total = 0;
        double[] m = new double[4];
        // tau = e^s, the scale the summary reports
        for (int a = 0; a < n; a++) {
            double mu = muLo + (muHi - muLo) * (a + 0.5) / n;
            for (int b = 0; b < n; b++) {
                double s = sLo + (sHi - sLo) * (b + 0.5) / n;
                double w = Math.exp(logDensity[a * n + b] - max);
                total += w;
                m[0] += w * mu;
                m[1] += w * mu * mu;
                m[2] += w * Math.exp(s);
                m[3] += w * Math.exp(2 * s);
            }
        }
        double meanMu = m[0] / total;
        double meanS = m[2] / total;
        exact = new double[] {meanMu, Math.sqrt(m[1] / total - meanMu * meanMu), meanS,
            Math.sqrt(m[3] / total - meanS * meanS)};
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "cpu", "opencl"})
    void malaAgreesWithTheGridPosterior(String engine) {
        assertTrue(GradientCheck.of(ModelTarget.of(model), 20, -2, 2, 1).passes());
        if (engine.equals("opencl")) {
            org.junit.jupiter.api.Assumptions.assumeTrue(dev.langevin.engine.opencl.OpenCl.unavailable().isEmpty()
                    && !dev.langevin.engine.opencl.OpenCl.devices().isEmpty()
                    || System.getenv("LANGEVIN_REQUIRE_OPENCL") != null, "no OpenCL device here");
        }
        ModelTarget target = ModelTarget.of(model).withOpenCl(ModelSource.read(Path.of(
                "examples/eight-schools/EightSchools.cl")), "examples/eight-schools/EightSchools.cl");
        try (Sampler.Result result = Sampler.of(target).algorithm("mala").stepSize(0.1).chains(64).steps(40000).thin(10)
                .init(new InitialState.Normal(0, 1)).seed(1).engine(engine).run()) {
            assertTrue(result.verdict().trusted(), result.verdict().text());
            ParameterSummary mu = result.summary().get(0);
            ParameterSummary tau = result.summary().get(1);
            assertEquals("mu", mu.name());
            assertEquals("tau", tau.name(), "sampled as log tau, reported on its natural scale");
            assertEquals(exact[0], mu.mean(), 4 * mu.mcseMean(), "E[mu] " + mu);
            assertEquals(exact[2], tau.mean(), 4 * tau.mcseMean(), "E[tau] " + tau);
            assertEquals(exact[1], mu.sd(), 0.04 * exact[1], "sd[mu]");
            assertEquals(exact[3], tau.sd(), 0.06 * exact[3], "sd[tau]");
            assertTrue(tau.q5() > 0, "tau is positive: " + tau);
        }
    }
}
