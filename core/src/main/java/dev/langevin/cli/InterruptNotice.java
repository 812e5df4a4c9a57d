package dev.langevin.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Says on Ctrl-C (or any signal that ends the JVM) that a command did not finish and that nothing
 * was written: output directories appear only when complete, so an interrupted command leaves no
 * results, and a previous output it was to replace stays as it was.
 */
final class InterruptNotice implements AutoCloseable {
    private final Thread hook;

    /**
     * @param what what did not finish ("the run", "the comparison")
     * @param out  the output directory, or null when there is none
     */
    InterruptNotice(PrintWriter stderr, String what, Path out) {
        hook = new Thread(() -> {
            stderr.println();
            stderr.println("langevin: interrupted before " + what + " finished; "
                    + (out == null ? "nothing was written." : "nothing was written to " + out
                    + (Files.exists(out) ? " (what it held is unchanged)." : ".")));
            stderr.flush();
        }, "langevin-interrupt-notice");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The command finished (or failed with its own message): no notice at exit. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting: the notice has been or is being printed
        }
    }
}
