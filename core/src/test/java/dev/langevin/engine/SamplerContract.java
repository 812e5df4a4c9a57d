package dev.langevin.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The samplers' statistical properties ({@link SamplerChecks}) as tests, run once per engine by
 * a subclass that names the engine, each stationary check at temperatures 0.5, 1 and 2 (so that
 * a misplaced sqrt(T) shows).
 */
public abstract class SamplerContract {
    /** The engine under test. */
    protected abstract Engine engine();

    /** Whether the engine has a mala kernel (tornadovm has none). */
    protected boolean runsMala() {
        return true;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1, 2})
    void sgldHasItsExactDiscretisedVariance(double temperature) throws Exception {
        SamplerChecks.sgld(engine(), temperature);
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

    /** Whether the engine has an sgnht kernel (tornadovm has none). */
    protected boolean runsSgnht() {
        return true;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1, 2})
    void sgnhtSamplesTheGaussian(double temperature) throws Exception {
        assumeTrue(runsSgnht(), "this engine has no sgnht kernel");
        SamplerChecks.sgnht(engine(), temperature);
    }

    @Test
    void sghmcWithFrictionOneIsSgld() throws Exception {
        SamplerChecks.sghmcInfiniteFriction(engine());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1, 2})
    void malaIsExactWhereSgldIsBiased(double temperature) throws Exception {
        assumeTrue(runsMala(), "this engine has no mala kernel");
        SamplerChecks.mala(engine(), temperature);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1, 2})
    void malaSpendsTheMixtureWeightsInEachMode(double temperature) throws Exception {
        assumeTrue(runsMala(), "this engine has no mala kernel");
        SamplerChecks.mixtureModes(engine(), temperature);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1, 2})
    void csgldKeepsSamplingStagesAndSamplesTheGaussian(double temperature) throws Exception {
        SamplerChecks.csgld(engine(), temperature);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1, 2})
    void sgldCvSamplesTheRegressionPosterior(double temperature) throws Exception {
        SamplerChecks.sgldCv(engine(), temperature);
    }
}
