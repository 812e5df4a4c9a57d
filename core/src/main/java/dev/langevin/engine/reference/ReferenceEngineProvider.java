package dev.langevin.engine.reference;

import dev.langevin.engine.Engine;
import dev.langevin.engine.EngineProvider;
import dev.langevin.engine.Plan;

import java.util.List;
import java.util.Optional;

/** The reference engine in the registry: it runs every plan, and is {@code auto}'s last resort. */
public final class ReferenceEngineProvider implements EngineProvider {
    @Override
    public String name() {
        return "reference";
    }

    @Override
    public Optional<String> unsupported(Plan plan) {
        return Optional.empty();
    }

    @Override
    public Engine create(int device) {
        return new ReferenceEngine();
    }

    @Override
    public List<String> devices() {
        return List.of("one thread of this JVM");
    }

    @Override
    public int preference() {
        return 2;
    }

    @Override
    public Optional<Engine> automatic(Plan plan) {
        return Optional.of(new ReferenceEngine());
    }
}
