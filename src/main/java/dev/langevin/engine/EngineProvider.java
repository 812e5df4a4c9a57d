package dev.langevin.engine;

import java.util.List;
import java.util.Optional;

/**
 * An engine built separately from the core, found with {@link java.util.ServiceLoader}: the
 * tornadovm engine is compiled only by the Maven profile {@code -Ptornadovm} and registers
 * itself this way, so the core needs no TornadoVM classes.
 */
public interface EngineProvider {
    /** The name used by {@code --engine}. */
    String name();

    /** Why the engine cannot run a plan (or cannot start here), or empty when it can. */
    Optional<String> unsupported(Plan plan);

    /** The engine on device {@code device} (numbered as {@link #devices} lists them). */
    Engine create(int device);

    /** One line per device for {@code langevin devices}, or one line saying why there are none. */
    List<String> devices();
}
