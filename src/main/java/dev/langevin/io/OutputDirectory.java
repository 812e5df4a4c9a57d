package dev.langevin.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An output directory that appears only when complete: files are written into a hidden
 * sibling and moved into place by {@link #commit()}. An abandoned or failed run leaves
 * nothing that looks like a finished result.
 */
public final class OutputDirectory implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private final boolean replace;
    private final Thread cleanup;
    private boolean committed;

    private OutputDirectory(Path target, Path staging, boolean replace) {
        this.target = target;
        this.staging = staging;
        this.replace = replace;
        this.cleanup = new Thread(() -> deleteTree(staging));
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /**
     * Checks that the directory can be written and creates its staging sibling.
     *
     * @param target  where the results go
     * @param replace whether an existing, non-empty directory may be replaced
     */
    public static OutputDirectory prepare(Path target, boolean replace) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new IllegalArgumentException("--out " + target + " is a file, not a directory.");
        }
        if (!replace && Files.isDirectory(absolute) && !isEmpty(absolute)) {
            throw new IllegalArgumentException("--out " + target
                    + " already exists and is not empty; choose another directory or add --force to replace it.");
        }
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        // a plain directory (not createTempDirectory's owner-only one), so the result gets the umask's permissions
        Path staging = parent.resolve("." + absolute.getFileName() + ".partial-" + ProcessHandle.current().pid()
                + "-" + System.nanoTime());
        Files.createDirectory(staging);
        return new OutputDirectory(absolute, staging, replace);
    }

    /** A file inside the staging directory. */
    public Path resolve(String name) {
        return staging.resolve(name);
    }

    /** Moves the finished files into place, replacing an older result when allowed. */
    public void commit() throws IOException {
        if (Files.isDirectory(target)) {
            if (!replace && !isEmpty(target)) {
                throw new DirectoryNotEmptyException(target.toString());
            }
            deleteTree(target);
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
    }

    /** The final location. */
    public Path target() {
        return target;
    }

    @Override
    public void close() {
        if (!committed) {
            deleteTree(staging);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook itself is running or has run
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
