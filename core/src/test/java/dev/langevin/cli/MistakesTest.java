package dev.langevin.cli;

import dev.langevin.io.RunJson;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.langevin.cli.Cli.langevin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The mistakes a new user makes, end to end: each gets exit status 2, one sentence (and at
 * most a line naming the option), no stack trace, and leaves the user's files as they were.
 */
class MistakesTest {
    /** A folder that refuses new files even to root (sysfs). */
    private static final Path UNWRITABLE = Path.of("/sys");

    @TempDir
    Path dir;

    private Path previousRun() throws IOException {
        Path run = dir.resolve("previous");
        Cli.Result r = langevin("run", "--target", "gaussian", "--chains", "8", "--steps", "40", "--seed", "7", "--quiet",
                "--engine", "reference", "--out", run.toString());
        assertEquals(Main.DO_NOT_TRUST, r.status(), "a run this short is not to be trusted: " + r.err());
        return run;
    }

    /** Exit 2, a message of one sentence and perhaps a line naming the option, and no trace. */
    private static void assertOneSentence(Cli.Result r, String expected) {
        assertEquals(Main.BAD_INPUT, r.status(), r.err());
        assertTrue(r.err().startsWith("langevin: "), r.err());
        assertTrue(r.err().lines().count() <= 2, "one or two lines: " + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    }

    private void assertNoStagingLeft(Path folder) throws IOException {
        try (Stream<Path> left = Files.list(folder)) {
            List<Path> hidden = left.filter(p -> p.getFileName().toString().startsWith(".")).toList();
            assertTrue(hidden.isEmpty(), "nothing half-written left behind: " + hidden);
        }
    }

    @Test
    void outWhoseParentIsAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "mine");
        Cli.Result r = langevin("run", "--target", "gaussian", "--steps", "10", "--quiet", "--out",
                file.resolve("run").toString());
        assertOneSentence(r, "is a file, not a directory");
        assertTrue(r.err().contains("--out"), r.err());
        assertEquals("mine", Files.readString(file));
        assertNoStagingLeft(dir);
    }

    @Test
    void theCurrentDirectoryIsNeverAnOutput() {
        // the project folder also holds files no run wrote, so even a broken check could not empty it
        Cli.Result r = langevin("run", "--target", "gaussian", "--steps", "10", "--quiet", "--out", ".", "--force");
        assertOneSentence(r, ". is the current directory");
        assertTrue(Files.exists(Path.of("pom.xml")));
    }

    @Test
    void outThatCannotBeWritten() {
        assumeTrue(cannotCreateIn(UNWRITABLE), "/sys takes new files here");
        Cli.Result r = langevin("run", "--target", "gaussian", "--steps", "10", "--quiet", "--out",
                UNWRITABLE.resolve("langevin-run").toString());
        assertOneSentence(r, "Cannot write in /sys");
        assertTrue(r.err().contains("Choose another --out."), r.err());
    }

    @Test
    void diagnoseOnATruncatedFileOrADirectory() throws IOException {
        Path run = previousRun();
        byte[] bytes = Files.readAllBytes(run.resolve("draws.npy"));
        Path cut = dir.resolve("cut.npy");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertOneSentence(langevin("diagnose", cut.toString()), "is truncated");
        Cli.Result folder = langevin("diagnose", run.toString());
        assertOneSentence(folder, "is a directory, not a .npy file");
        assertTrue(folder.err().contains(run.resolve("draws.npy").toString()), "points at the run's draws: " + folder.err());
        assertOneSentence(langevin("diagnose", dir.resolve("missing.npy").toString()), "does not exist");
    }

    @Test
    void diagnoseCsvThatCannotBeWrittenFailsBeforeAnyWork() throws IOException {
        Path run = previousRun();
        Path npy = run.resolve("draws.npy");
        Path file = Files.writeString(dir.resolve("notes.txt"), "mine");
        Cli.Result underAFile = langevin("diagnose", npy.toString(), "--csv", file.resolve("s.csv").toString());
        assertOneSentence(underAFile, "Cannot write");
        assertTrue(underAFile.err().contains("--csv"), underAFile.err());
        assertTrue(underAFile.out().isEmpty(), "refused before the summary: " + underAFile.out());
        Cli.Result aFolder = langevin("diagnose", npy.toString(), "--csv", dir.toString());
        assertOneSentence(aFolder, "is a directory");
        if (cannotCreateIn(UNWRITABLE)) {
            assertOneSentence(langevin("diagnose", npy.toString(), "--csv", UNWRITABLE.resolve("s.csv").toString()),
                    "Cannot write /sys/s.csv");
        }
        // a good path gets a complete file and no temporary beside it
        Path csv = dir.resolve("summary.csv");
        assertEquals(Main.DO_NOT_TRUST, langevin("diagnose", npy.toString(), "--csv", csv.toString()).status());
        assertEquals(3, Files.readAllLines(csv).size(), "header and two parameters");
        assertNoStagingLeft(dir);
    }

    @Test
    void reportThatCannotBeWritten() throws IOException {
        Path run = previousRun();
        // a folder where report.html should go: the page cannot be renamed into place
        Files.createDirectories(run.resolve("report.html").resolve("x"));
        Cli.Result r = langevin("report", run.toString());
        assertOneSentence(r, "Cannot write the report in " + run);
        assertTrue(Files.isDirectory(run.resolve("report.html").resolve("x")), "left as it was");
        assertNoStagingLeft(run);
        assertOneSentence(langevin("report", dir.resolve("nowhere").toString()), "does not exist");
    }

    @Test
    void optionsThatWouldBeIgnoredAreRefused() {
        String[][] cases = {
            {"--target", "logistic-regression", "--data", "data/breast_cancer.csv", "--skip-rows", "1", "--dim", "5"},
            {"--target", "gaussian", "--standardize"},
            {"--target", "gaussian", "--alpha", "0.9"},
            {"--target", "gaussian", "--algorithm", "sgd", "--temperature", "2"},
            {"--target", "gaussian", "--engine", "cpu", "--device", "1"},
        };
        String[] expected = {"takes its dimension from the data", "--standardize",
            "--alpha applies only to --algorithm psgld", "--temperature applies only to", "--device"};
        for (int i = 0; i < cases.length; i++) {
            List<String> args = new ArrayList<>(List.of("run", "--quiet", "--steps", "10", "--chains", "2"));
            args.addAll(List.of(cases[i]));
            Cli.Result r = langevin(args.toArray(String[]::new));
            assertEquals(Main.BAD_INPUT, r.status(), r.err());
            assertTrue(r.err().contains(expected[i]), r.err());
        }
    }

    @Test
    void optimiserRunsAreNotToldToRunLonger() {
        // SGD's chains all settle at the mode: R-hat and ESS of such "draws" mean nothing
        Cli.Result sgd = langevin("run", "--target", "gaussian", "--algorithm", "sgd", "--chains", "64", "--steps", "2000",
                "--seed", "1");
        assertEquals(0, sgd.status(), sgd.out() + sgd.err());
        assertTrue(sgd.out().contains("sgd is an optimiser without noise"), sgd.out());
        Cli.Result diverged = langevin("run", "--target", "gaussian", "--algorithm", "sgd", "--step-size", "10",
                "--chains", "8", "--steps", "200", "--seed", "1");
        assertEquals(Main.DO_NOT_TRUST, diverged.status(), diverged.out() + diverged.err());
        assertTrue(diverged.out().contains("all 8 chains diverged"), diverged.out());
    }

    @Test
    void mistypedNamesGetTheClosestValidOne() {
        assertOneSentence(langevin("run", "--target", "logistic-regresion"),
                "Unknown target 'logistic-regresion'; did you mean logistic-regression?");
        assertOneSentence(langevin("run", "--target", "gaussian", "--algorithm", "sgldd"),
                "did you mean sgld?");
        Cli.Result option = langevin("run", "--target", "gaussian", "--step-sise", "0.1");
        assertEquals(Main.BAD_INPUT, option.status());
        assertTrue(option.err().startsWith("langevin: Unknown option '--step-sise'; did you mean --step-size?\n"), option.err());
        assertEquals(2, option.err().lines().count(), option.err());
    }

    @Test
    void memoryAdviceNamesTheCauseAndTheSizes() {
        Cli.Result r = langevin("run", "--target", "gaussian", "--dim", "1000", "--chains", "100000", "--steps", "4000",
                "--quiet");
        assertEquals(Main.BAD_INPUT, r.status(), r.err());
        assertTrue(r.err().contains("Add --out DIR"), "names streaming to disk: " + r.err());
        assertTrue(r.err().matches("(?s).*\\d+(\\.\\d+)? GB.*"), r.err());
        assertFalse(r.err().contains(" 0.0 GB"), r.err());
        Cli.Result one = langevin("run", "--target", "gaussian", "--dim", "1", "--chains", "1", "--steps", "2000000000",
                "--quiet");
        assertEquals(Main.BAD_INPUT, one.status(), one.err());
        assertTrue(one.err().contains("1 chain x") && !one.err().contains("1 chains"), one.err());
    }

    @Test
    void aBugIsAnInternalErrorWithItsTraceInAFile() throws IOException {
        StringWriter err = new StringWriter();
        int status = Errors.internal(new NullPointerException("state is null"), new PrintWriter(err, true));
        assertEquals(Main.INTERNAL_ERROR, status);
        String line = err.toString().strip();
        assertTrue(line.startsWith("langevin: internal error (NullPointerException: state is null); the full trace is in "),
                line);
        Path trace = Path.of(line.substring(line.indexOf(" is in ") + 7, line.length() - 1));
        try {
            assertTrue(Files.readString(trace).contains("at dev.langevin.cli.MistakesTest"), "the trace is in the file");
        } finally {
            Files.deleteIfExists(trace);
        }
    }

    @Test
    void anInterruptedRunLeavesThePreviousOneIntactAndSaysSo() throws Exception {
        Path run = previousRun();
        String log = stoppedWhileWriting(List.of("run", "--target", "gaussian", "--dim", "10", "--chains", "64", "--steps",
                "100000000", "--thin", "1000000", "--seed", "8", "--engine", "reference", "--force", "--out", run.toString()));
        assertTrue(log.contains("interrupted before the run finished; nothing was written to " + run), log);
        @SuppressWarnings("unchecked")
        Map<String, Object> plan = (Map<String, Object>) RunJson.read(run.resolve("run.json")).get("plan");
        assertEquals(7, ((Number) plan.get("seed")).intValue(), "the previous run is as it was");
        assertFalse(staging(dir), "the half-written run is gone");
    }

    @Test
    void anInterruptedComparisonLeavesThePreviousOneIntactAndSaysSo() throws Exception {
        List<String> compare = List.of("compare", "--target", "softmax-regression", "--data", "data/digits.csv.gz",
                "--standardize", "--holdout", "0.2", "--chains", "4", "--step-size", "1e-4", "--engine", "reference",
                "--quiet");
        Path previous = dir.resolve("compared");
        List<String> first = new ArrayList<>(compare);
        first.addAll(List.of("--steps", "20", "--seed", "7", "--out", previous.toString()));
        Cli.Result r = langevin(first.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        String before = Files.readString(previous.resolve("compare.json"));

        List<String> longer = new ArrayList<>(compare);
        longer.addAll(List.of("--steps", "100000000", "--thin", "1000000", "--seed", "8", "--force", "--out",
                previous.toString()));
        String log = stoppedWhileWriting(longer);
        assertTrue(log.contains("interrupted before the comparison finished; nothing was written to " + previous
                + " (what it held is unchanged)."), log);
        assertEquals(before, Files.readString(previous.resolve("compare.json")), "the previous comparison is as it was");
        assertFalse(staging(dir), "the half-written comparison is gone");
    }

    /**
     * Runs langevin with these arguments in a JVM of its own, stops it with SIGTERM (the same shutdown as Ctrl-C's
     * SIGINT) once it has started writing its output in {@link #dir}, and returns what it printed.
     */
    private String stoppedWhileWriting(List<String> arguments) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(arguments);
        Path logFile = dir.resolve("log.txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!staging(dir) && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(50);
        }
        assertTrue(staging(dir), "it started writing: " + Files.readString(logFile));
        Thread.sleep(300);
        p.destroy();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String log = Files.readString(logFile);
        assertEquals(143, p.exitValue(), log);
        return log;
    }

    private static boolean staging(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.anyMatch(p -> p.getFileName().toString().contains(".partial-"));
        }
    }

    private static boolean cannotCreateIn(Path folder) {
        Path probe = folder.resolve("langevin-probe-" + ProcessHandle.current().pid());
        try {
            Files.createFile(probe);
            Files.deleteIfExists(probe);
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
