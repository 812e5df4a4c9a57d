package dev.langevin.engine;

import dev.langevin.engine.reference.ReferenceEngine;

import java.util.List;

/** The engines by command-line name; {@code auto} picks the fastest one usable here. */
public final class Engines {
    /** Names accepted by {@code --engine}. */
    public static final List<String> NAMES = List.of("auto", "reference");

    private Engines() {
    }

    /** The engine for a name, or an error listing the known names. */
    public static Engine byName(String name) {
        return switch (name) {
            case "auto", "reference" -> new ReferenceEngine();
            default -> throw new IllegalArgumentException("--engine " + name + " is unknown; choose one of "
                    + String.join(", ", NAMES) + ".");
        };
    }
}
