package dev.langevin.engine.tornadovm;

import dev.langevin.engine.Engine;
import dev.langevin.engine.EngineProvider;
import dev.langevin.engine.Plan;

import java.util.List;
import java.util.Optional;

/**
 * Registers the tornadovm engine with the core (a {@link java.util.ServiceLoader} service). It
 * touches TornadoVM's classes only when asked, so a jar built with the profile still starts
 * without a TornadoVM SDK and says what is missing.
 */
public final class TornadoEngineProvider implements EngineProvider {
    static final String NO_RUNTIME = "The tornadovm engine found no TornadoVM runtime: start langevin with a TornadoVM "
            + "SDK (set TORNADOVM_HOME; scripts/langevin then adds its JVM options).";

    @Override
    public String name() {
        return "tornadovm";
    }

    @Override
    public Optional<String> unsupported(Plan plan) {
        if (!runtimePresent()) {
            return Optional.of(NO_RUNTIME);
        }
        return TornadoEngine.unsupported(plan);
    }

    @Override
    public Engine create(int device) {
        TornadoDevices.device(device); // says which device is missing before any work
        return new TornadoEngine(device);
    }

    @Override
    public Engine create(int device, int launchSteps) {
        TornadoDevices.device(device);
        return new TornadoEngine(device, launchSteps);
    }

    @Override
    public List<String> devices() {
        if (!runtimePresent()) {
            return List.of(NO_RUNTIME);
        }
        return TornadoDevices.describe();
    }

    /** Whether TornadoVM's runtime module is in this JVM (the SDK's JVM options put it there). */
    static boolean runtimePresent() {
        return ModuleLayer.boot().findModule("tornado.runtime").isPresent();
    }
}
