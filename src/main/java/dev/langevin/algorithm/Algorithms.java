package dev.langevin.algorithm;

import java.util.List;

/** The update rules by command-line name. */
public final class Algorithms {
    /** Names accepted by {@code --algorithm}. */
    public static final List<String> NAMES = List.of("sgld", "sgd", "adam");

    private Algorithms() {
    }

    /** The rule for a name, or an error listing the known names. */
    public static UpdateRule byName(String name) {
        return switch (name) {
            case "sgld" -> new Sgld();
            case "sgd" -> new Sgd();
            case "adam" -> new Adam();
            default -> throw new IllegalArgumentException("--algorithm " + name + " is unknown; choose one of "
                    + String.join(", ", NAMES) + ".");
        };
    }
}
