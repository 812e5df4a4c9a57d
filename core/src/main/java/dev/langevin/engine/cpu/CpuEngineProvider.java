package dev.langevin.engine.cpu;

import dev.langevin.engine.Engine;
import dev.langevin.engine.EngineProvider;
import dev.langevin.engine.Engines;
import dev.langevin.engine.Plan;

import java.util.List;
import java.util.Optional;

/** The cpu engine in the registry: every core, when the JVM has the Vector API and a kernel fits the plan. */
public final class CpuEngineProvider implements EngineProvider {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public Optional<String> unsupported(Plan plan) {
        if (!Engines.vectorApiPresent()) {
            return Optional.of("The cpu engine needs the JVM option --add-modules " + Engines.VECTOR_MODULE
                    + " (scripts/langevin adds it).");
        }
        return CpuEngine.unsupported(plan);
    }

    @Override
    public Engine create(int device) {
        return new CpuEngine();
    }

    @Override
    public List<String> devices() {
        return List.of(Runtime.getRuntime().availableProcessors() + " cores of this machine");
    }

    @Override
    public int preference() {
        return 1;
    }

    @Override
    public Optional<Engine> automatic(Plan plan) {
        return unsupported(plan).isEmpty() ? Optional.of(new CpuEngine()) : Optional.empty();
    }
}
