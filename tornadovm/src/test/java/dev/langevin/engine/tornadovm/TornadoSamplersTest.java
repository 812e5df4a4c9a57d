package dev.langevin.engine.tornadovm;

import dev.langevin.engine.Engine;
import dev.langevin.engine.SamplerContract;

import org.junit.jupiter.api.BeforeAll;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** The samplers' statistical properties on the tornadovm engine; mala has no kernel here and its tests skip. */
class TornadoSamplersTest extends SamplerContract {
    @BeforeAll
    static void startsTornadoVm() {
        assertFalse(TornadoDevices.list().isEmpty());
    }

    @Override
    protected Engine engine() {
        return new TornadoEngine(0);
    }

    @Override
    protected boolean runsMala() {
        return false;
    }
}
