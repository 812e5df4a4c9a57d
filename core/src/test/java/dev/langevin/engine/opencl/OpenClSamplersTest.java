package dev.langevin.engine.opencl;

import dev.langevin.engine.Engine;
import dev.langevin.engine.SamplerContract;

import org.junit.jupiter.api.BeforeAll;

/** The samplers' statistical properties on the opencl engine's first device. */
class OpenClSamplersTest extends SamplerContract {
    @BeforeAll
    static void needsADevice() {
        OpenClEngineTest.assumeDevice();
    }

    @Override
    protected Engine engine() {
        return new OpenClEngine(0, 64, 0, 0);
    }
}
