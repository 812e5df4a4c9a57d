package dev.langevin.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The samplers' statistical properties ({@link SamplerChecks}) as tests, run once per engine by
 * a subclass that names the engine.
 */
public abstract class SamplerContract {
    /** The engine under test. */
    protected abstract Engine engine();

    /** Whether the engine has a mala kernel (tornadovm has none). */
    protected boolean runsMala() {
        return true;
    }

    @Test
    void sgldHasItsExactDiscretisedVariance() throws Exception {
        SamplerChecks.sgld(engine());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1, 2})
    void psgldSamplesTheGaussian(double temperature) throws Exception {
        SamplerChecks.psgld(engine(), temperature);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1, 2})
    void sghmcHasItsExactDiscretisedVariance(double temperature) throws Exception {
        SamplerChecks.sghmc(engine(), temperature);
    }

    @Test
    void sghmcWithFrictionOneIsSgld() throws Exception {
        SamplerChecks.sghmcInfiniteFriction(engine());
    }

    @Test
    void malaIsExactWhereSgldIsBiased() throws Exception {
        assumeTrue(runsMala(), "this engine has no mala kernel");
        SamplerChecks.mala(engine());
    }

    @Test
    void malaSpendsTheMixtureWeightsInEachMode() throws Exception {
        assumeTrue(runsMala(), "this engine has no mala kernel");
        SamplerChecks.mixtureModes(engine());
    }

    @Test
    void csgldKeepsSamplingStagesAndSamplesTheGaussian() throws Exception {
        SamplerChecks.csgld(engine());
    }

    @Test
    void sgldCvSamplesTheRegressionPosterior() throws Exception {
        SamplerChecks.sgldCv(engine());
    }
}
