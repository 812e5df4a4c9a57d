package dev.langevin.io;

import dev.langevin.error.FileErrors;
import dev.langevin.error.OutputException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A run's output directory that appears only when complete: files are written into a hidden
 * sibling and renamed into place by {@link #commit()}. An abandoned, failed or interrupted run
 * leaves nothing that looks like a finished result, and an older run it replaces stays intact
 * until the new one is complete.
 *
 * <p>Only a directory that a previous run wrote may be replaced: one holding that run's
 * {@code run.json} (or a comparison's {@code compare.json}) and nothing but the files a run writes. Anything
 * else is refused before any work starts, and nothing in it is touched.
 */
public final class OutputDirectory implements AutoCloseable {
    /** Names of the files a run writes; {@code report} is the report's picture folder. */
    private static final Pattern RUN_FILE = Pattern.compile(
            "run\\.json|summary\\.csv|draws\\.npy|report\\.html|output_[0-9]+\\.csv|predict\\.json|predict\\.csv"
                    + "|compare\\.json|compare\\.csv"
                    // a report or file interrupted while being written leaves a hidden temporary of its own
                    + "|\\.(report|report\\.html|summary\\.csv|run\\.json|predict\\.json|predict\\.csv|compare\\.json"
                    + "|compare\\.csv)\\.partial-[0-9]+-[0-9]+");
    private static final Pattern REPORT_FILE = Pattern.compile("[A-Za-z0-9_.-]+\\.png");

    private final Path target;
    private final Path staging;
    private final Thread cleanup;
    private volatile Path displaced;
    private volatile boolean committed;

    private OutputDirectory(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
        this.cleanup = new Thread(this::abandon, "langevin-output-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /**
     * Checks that the directory can be written and creates its staging sibling.
     *
     * @param target  where the results go
     * @param replace whether a directory that a previous run wrote may be replaced
     * @throws OutputException naming {@code target} when it exists and may not be replaced, is a
     *                         file, or cannot be created
     */
    public static OutputDirectory prepare(Path target, boolean replace) {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new OutputException(target, target + " is a file, not a directory.", null);
        }
        Path workingDirectory = Path.of("").toAbsolutePath().normalize();
        if (workingDirectory.startsWith(absolute)) {
            throw new OutputException(target, target + " is the current directory" + (workingDirectory.equals(absolute)
                    ? "" : "'s parent") + "; results go in a directory of their own, below it.", null,
                    OutputException.Reason.NOT_A_RUN);
        }
        if (Files.isDirectory(absolute) && !isEmpty(absolute)) {
            if (!replace) {
                throw new OutputException(target, target + " already exists and is not empty.", null,
                        OutputException.Reason.EXISTS);
            }
            List<String> foreign = foreignEntries(absolute);
            if (!foreign.isEmpty()) {
                throw new OutputException(target, target + " was not written by a run (it holds "
                        + describe(foreign) + "), so it will not be replaced.", null, OutputException.Reason.NOT_A_RUN);
            }
        }
        Path parent = absolute.getParent();
        if (parent == null) {
            throw new OutputException(target, target + " is the root of the file system; choose a directory below it.",
                    null);
        }
        try {
            Files.createDirectories(parent);
        } catch (FileAlreadyExistsException e) {
            throw new OutputException(target, "Cannot create " + target + ": " + firstFileOnTheWay(parent)
                    + " is a file, not a directory.", e);
        } catch (IOException e) {
            throw new OutputException(target, "Cannot create " + target + ": " + FileErrors.reason(e) + ".", e);
        }
        // a plain directory (not createTempDirectory's owner-only one), so the result gets the umask's permissions
        Path staging = AtomicFiles.temporarySibling(absolute, "partial");
        try {
            Files.createDirectory(staging);
        } catch (IOException e) {
            throw new OutputException(target, "Cannot write in " + parent + ": " + FileErrors.reason(e) + ".", e);
        }
        return new OutputDirectory(absolute, staging);
    }

    /** A file inside the staging directory. */
    public Path resolve(String name) {
        return staging.resolve(name);
    }

    /**
     * Moves the finished files into place. A directory at the target (a previous run, checked
     * again now) is first renamed aside and deleted only once the new one is in place.
     */
    public void commit() {
        try {
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                if (!isEmpty(target) && !foreignEntries(target).isEmpty()) {
                    throw new OutputException(target, target + " changed during the run and now holds files a run "
                            + "did not write, so it was not replaced; the results are in " + staging + ".", null,
                            OutputException.Reason.NOT_A_RUN);
                }
                Path aside = AtomicFiles.temporarySibling(target, "replaced");
                Files.move(target, aside);
                displaced = aside;
            }
            try {
                Files.move(staging, target);
            } catch (IOException e) {
                if (displaced != null) {
                    Files.move(displaced, target);
                    displaced = null;
                }
                throw e;
            }
            committed = true;
            Path old = displaced;
            displaced = null;
            if (old != null) {
                deleteTree(old);
            }
        } catch (IOException e) {
            throw new OutputException(target, "Cannot move the results into " + target + ": " + FileErrors.reason(e)
                    + ".", e);
        }
    }

    /** The final location. */
    public Path target() {
        return target;
    }

    @Override
    public void close() {
        abandon();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook itself is running or has run
        }
    }

    /** Deletes an uncommitted staging directory and puts back a run that was renamed aside. */
    private void abandon() {
        Path old = displaced;
        if (old != null && !Files.exists(target)) {
            try {
                Files.move(old, target);
                displaced = null;
            } catch (IOException ignored) {
                // the old run stays, complete, under its hidden name
            }
        }
        if (!committed) {
            deleteTree(staging);
        }
    }

    /** The entries of {@code dir} that a run would not have written; empty for a run's directory. */
    private static List<String> foreignEntries(Path dir) {
        List<String> foreign = new ArrayList<>();
        boolean record = false;
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : (Iterable<Path>) entries.sorted()::iterator) {
                String name = entry.getFileName().toString();
                if (Files.isSymbolicLink(entry)) {
                    foreign.add(name);
                } else if (name.equals("report") && Files.isDirectory(entry)) {
                    if (!onlyReportPictures(entry)) {
                        foreign.add(name + "/");
                    }
                } else if (!Files.isRegularFile(entry) || !RUN_FILE.matcher(name).matches()) {
                    foreign.add(Files.isDirectory(entry) ? name + "/" : name);
                } else if (name.equals("run.json") || name.equals("compare.json")) {
                    record = isRunRecord(entry);
                }
            }
        } catch (IOException e) {
            foreign.add("entries that cannot be listed (" + FileErrors.reason(e) + ")");
        }
        if (!record && foreign.isEmpty()) {
            foreign.add("no run.json of a run");
        }
        return foreign;
    }

    private static boolean onlyReportPictures(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.allMatch(p -> !Files.isSymbolicLink(p) && Files.isRegularFile(p)
                    && REPORT_FILE.matcher(p.getFileName().toString()).matches());
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isRunRecord(Path json) {
        try {
            Map<String, Object> record = RunJson.read(json);
            return record.get("plan") instanceof Map && record.containsKey("engine");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String describe(List<String> names) {
        int shown = Math.min(3, names.size());
        String list = String.join(", ", names.subList(0, shown));
        return names.size() > shown ? list + " and " + (names.size() - shown) + " more" : list;
    }

    private static Path firstFileOnTheWay(Path path) {
        Path p = path;
        Path found = path;
        while (p != null) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                found = p;
            }
            p = p.getParent();
        }
        return found;
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new OutputException(dir, "Cannot list " + dir + ": " + FileErrors.reason(e) + ".", e);
        }
    }

    /** Deletes a tree, best effort: a writer still busy in it (after Ctrl-C) may add a file while it goes. */
    static void deleteTree(Path root) {
        for (int attempt = 0; attempt < 3 && Files.exists(root, LinkOption.NOFOLLOW_LINKS); attempt++) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.sorted(Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
            } catch (IOException | RuntimeException ignored) {
                // try again
            }
        }
    }
}
