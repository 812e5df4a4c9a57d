package dev.langevin.diagnostics;

import dev.langevin.error.InvalidParameterException;
/** Superchains: K consecutive groups of C / K chains, the unit of nested R-hat. */
public final class Superchains {
    private Superchains() {
    }

    /** Chains per superchain; C must be a multiple of K, and K at least 2. */
    public static int size(int chains, int superchains) {
        if (superchains < 2 || chains % superchains != 0) {
            throw new InvalidParameterException("superchains", "The number of superchains, " + superchains + ", must be at least 2 and divide the "
                    + chains + " chains evenly.");
        }
        return chains / superchains;
    }
}
