package dev.langevin.engine.cpu;

import dev.langevin.engine.Engine;
import dev.langevin.engine.SamplerContract;

/** The samplers' statistical properties on the cpu engine. */
class CpuSamplersTest extends SamplerContract {
    @Override
    protected Engine engine() {
        return new CpuEngine();
    }
}
