package dev.langevin.engine.reference;

import dev.langevin.engine.Engine;
import dev.langevin.engine.SamplerContract;

/** The samplers' statistical properties on the reference engine. */
class ReferenceSamplersTest extends SamplerContract {
    @Override
    protected Engine engine() {
        return new ReferenceEngine();
    }
}
