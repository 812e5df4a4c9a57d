package dev.langevin.engine;

import java.util.List;
import java.util.Optional;

/**
 * An engine, as the registry ({@link Engines}) knows it: its name, whether it can run a plan
 * here (and if not, why), its devices, and whether {@code auto} should pick it. The core's
 * engines are registered by {@link Engines}; an engine built separately registers itself with
 * {@link java.util.ServiceLoader}: the tornadovm engine is a module of its own
 * ({@code tornadovm/}, built with {@code -Ptornadovm}), so the core needs no TornadoVM classes.
 */
public interface EngineProvider {
    /** The name used by {@code --engine}. */
    String name();

    /** Why the engine cannot run a plan (or cannot start here), or empty when it can. */
    Optional<String> unsupported(Plan plan);

    /** The engine on device {@code device} (numbered as {@link #devices} lists them). */
    Engine create(int device);

    /**
     * The engine on device {@code device} fusing {@code launchSteps} steps per kernel launch;
     * engines that do not launch kernels ignore {@code launchSteps}.
     */
    default Engine create(int device, int launchSteps) {
        return create(device);
    }

    /** One line per device for {@code langevin devices}, or one line saying why there are none. */
    List<String> devices();

    /**
     * The order in which {@code auto} asks the engines, lowest first; engines that {@code auto}
     * never picks keep the default.
     */
    default int preference() {
        return Integer.MAX_VALUE;
    }

    /**
     * The engine {@code auto} should take from this provider for a plan (on its best device),
     * or empty when it should ask the next provider.
     */
    default Optional<Engine> automatic(Plan plan) {
        return Optional.empty();
    }
}
