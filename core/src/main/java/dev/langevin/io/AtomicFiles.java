package dev.langevin.io;

import dev.langevin.error.FileErrors;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a file under a hidden temporary name beside it and renames it into place when it is
 * complete, so a crash, a full disk or Ctrl-C never leaves a file that looks finished but is
 * not. Temporary files still open when the JVM exits are deleted.
 */
public final class AtomicFiles {
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> PENDING.forEach(AtomicFiles::deleteQuietly),
                "langevin-temporary-files"));
    }

    private AtomicFiles() {
    }

    /** What writes the contents into the temporary file it is given. */
    @FunctionalInterface
    public interface Writer {
        /** Writes the whole file. */
        void write(Path file) throws IOException;
    }

    /**
     * Writes {@code target} through {@code writer}, replacing an older file only once the new
     * one is complete.
     *
     * @throws dev.langevin.error.OutputException naming {@code target} when it cannot be written
     */
    public static void write(Path target, Writer writer) {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            throw new dev.langevin.error.OutputException(target, "Cannot write " + target + ": it is a directory.", null);
        }
        Path temporary = temporarySibling(absolute, "partial");
        PENDING.add(temporary);
        try {
            writer.write(temporary);
            move(temporary, absolute);
        } catch (IOException e) {
            throw FileErrors.cannotWrite(target, e);
        } finally {
            deleteQuietly(temporary);
            PENDING.remove(temporary);
        }
    }

    /**
     * Checks, before any work, that {@code target} could be written: its folder exists and
     * takes a new file, and it is not a directory.
     *
     * @throws dev.langevin.error.OutputException naming {@code target} when it cannot be written
     */
    public static void checkWritable(Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            throw new dev.langevin.error.OutputException(target, "Cannot write " + target + ": it is a directory.", null);
        }
        Path probe = temporarySibling(absolute, "probe");
        try {
            Files.createFile(probe);
        } catch (IOException e) {
            throw FileErrors.cannotWrite(target, e);
        } finally {
            deleteQuietly(probe);
        }
    }

    /** A hidden name beside {@code path} that no other process or call uses. */
    static Path temporarySibling(Path path, String kind) {
        Path parent = path.getParent();
        String name = "." + path.getFileName() + "." + kind + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        return parent == null ? Path.of(name) : parent.resolve(name);
    }

    /** Renames atomically where the file system can, else with a plain replacing move. */
    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: a leftover hidden .partial file is recognisable as incomplete
        }
    }
}
