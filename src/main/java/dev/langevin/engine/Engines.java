package dev.langevin.engine;

import dev.langevin.engine.cpu.CpuEngine;
import dev.langevin.engine.reference.ReferenceEngine;

import java.util.List;
import java.util.Optional;

/** The engines by command-line name; {@code auto} picks the fastest one usable here for a plan. */
public final class Engines {
    /** Names accepted by {@code --engine}. */
    public static final List<String> NAMES = List.of("auto", "cpu", "reference");

    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    private Engines() {
    }

    /**
     * The engine for a name and a plan, or one sentence saying why it cannot run the plan. The
     * plan matters because not every engine has a kernel for every target and algorithm;
     * {@code auto} then falls back to the reference.
     */
    public static Engine forPlan(String name, Plan plan) {
        return switch (name) {
            case "reference" -> new ReferenceEngine();
            case "cpu" -> {
                if (!vectorApiPresent()) {
                    throw new IllegalArgumentException("--engine cpu needs the JVM option --add-modules "
                            + VECTOR_MODULE + " (scripts/langevin adds it).");
                }
                Optional<String> why = CpuEngine.unsupported(plan);
                if (why.isPresent()) {
                    throw new IllegalArgumentException(why.get());
                }
                yield new CpuEngine();
            }
            case "auto" -> vectorApiPresent() && CpuEngine.unsupported(plan).isEmpty()
                    ? new CpuEngine() : new ReferenceEngine();
            default -> throw new IllegalArgumentException("--engine " + name + " is unknown; choose one of "
                    + String.join(", ", NAMES) + ".");
        };
    }

    /** Whether the Vector API module is in this JVM (it is an incubator module, added by a flag). */
    public static boolean vectorApiPresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }
}
