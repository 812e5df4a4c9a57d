package dev.langevin.engine.cpu;

import dev.langevin.engine.SamplerChecks;

import org.junit.jupiter.api.Test;

/** The samplers' statistical properties on the cpu engine (see {@link SamplerChecks}). */
class CpuSamplersTest {
    private final CpuEngine engine = new CpuEngine();

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
