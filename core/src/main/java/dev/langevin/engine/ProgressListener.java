package dev.langevin.engine;

/** Told after every launch how many steps all chains have completed. */
@FunctionalInterface
public interface ProgressListener {
    /** Does nothing. */
    ProgressListener NONE = (done, total) -> { };

    /**
     * @param stepsDone steps completed by every chain
     * @param steps     total steps
     */
    void advanced(int stepsDone, int steps);
}
