package dev.langevin.engine.tornadovm;

import dev.langevin.engine.SamplerChecks;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** The samplers' statistical properties on the tornadovm engine (see {@link SamplerChecks}); mala has no kernel here. */
class TornadoSamplersTest {
    private final TornadoEngine engine = new TornadoEngine(0);

    @BeforeAll
    static void startsTornadoVm() {
        assertFalse(TornadoDevices.list().isEmpty());
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
    void csgldKeepsSamplingStagesAndSamplesTheGaussian() throws Exception {
        SamplerChecks.csgld(engine);
    }

    @Test
    void sgldCvSamplesTheRegressionPosterior() throws Exception {
        SamplerChecks.sgldCv(engine);
    }
}
