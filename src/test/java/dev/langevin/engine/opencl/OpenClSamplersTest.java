package dev.langevin.engine.opencl;

import dev.langevin.engine.SamplerChecks;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The samplers' statistical properties on the opencl engine's first device (see {@link SamplerChecks}). */
class OpenClSamplersTest {
    private final OpenClEngine engine = new OpenClEngine(0, 64, 0, 0);

    @BeforeAll
    static void needsADevice() {
        OpenClEngineTest.assumeDevice();
    }

    @Test
    void sgldHasItsExactDiscretisedVariance() throws Exception {
        SamplerChecks.sgld(engine);
    }

    @Test
    void psgldSamplesTheGaussian() throws Exception {
        SamplerChecks.psgld(engine);
    }

    @Test
    void sghmcHasItsExactDiscretisedVariance() throws Exception {
        SamplerChecks.sghmc(engine);
    }

    @Test
    void sghmcWithFrictionOneIsSgld() throws Exception {
        SamplerChecks.sghmcInfiniteFriction(engine);
    }

    @Test
    void malaIsExactWhereSgldIsBiased() throws Exception {
        SamplerChecks.mala(engine);
    }

    @Test
    void malaSpendsTheMixtureWeightsInEachMode() throws Exception {
        SamplerChecks.mixtureModes(engine);
    }

    @Test
    void csgldKeepsSamplingStagesAndSamplesTheGaussian() throws Exception {
        SamplerChecks.csgld(engine);
    }

    @Test
    void sgldCvSamplesTheRegressionPosterior() throws Exception {
        SamplerChecks.sgldCv(engine);
    }
}
