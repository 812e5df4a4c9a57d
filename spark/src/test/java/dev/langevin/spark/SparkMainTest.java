package dev.langevin.spark;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command: a progress bar on standard error unless --quiet, and bad input refused with one
 * sentence and exit status 2, leaving no directory behind. Each call starts and stops its own Spark.
 */
class SparkMainTest {
    @TempDir
    Path temp;

    @BeforeAll
    static void quietSpark() {
        System.setProperty("spark.ui.enabled", "false");
        System.setProperty("spark.driver.host", "127.0.0.1");
    }

    @AfterAll
    static void restore() {
        System.clearProperty("spark.ui.enabled");
        System.clearProperty("spark.driver.host");
    }

    record Outcome(int status, String out, String err) {
    }

    static Outcome langevinSpark(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            status = SparkMain.execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Outcome(status, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    }

    private List<String> plan(String out, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--target", "gaussian", "--dim", "3", "--chains", "8",
                "--steps", "2000", "--seed", "3", "--partitions", "2", "--master", "local[2]", "--out", out));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void aProgressBarCountsTheStepsUnlessQuiet() throws Exception {
        Outcome shown = langevinSpark(plan(temp.resolve("shown").toString()).toArray(String[]::new));
        assertTrue(shown.status() == 0 || shown.status() == 3, shown.err());
        assertTrue(shown.err().contains("2000/2000 steps"), "the bar ends at every step: " + shown.err());
        Outcome quiet = langevinSpark(plan(temp.resolve("quiet").toString(), "--quiet").toArray(String[]::new));
        assertEquals(shown.status(), quiet.status());
        assertFalse(quiet.err().contains(" steps"), quiet.err());
        assertTrue(quiet.out().contains("2 Spark tasks on cpu"), quiet.out());
        assertTrue(Files.isRegularFile(temp.resolve("quiet/manifest.json")));
    }

    @Test
    void badInputIsOneSentenceExitTwoAndNoDirectory() {
        Path out = temp.resolve("missing-device");
        Outcome device = langevinSpark(plan(out.toString(), "--engine", "opencl", "--device", "99", "--quiet")
                .toArray(String[]::new));
        assertEquals(2, device.status(), device.err());
        assertTrue(device.err().lines().anyMatch(l -> l.startsWith("langevin-spark: ")
                && l.toLowerCase(java.util.Locale.ROOT).contains("opencl")), device.err());
        assertFalse(device.err().contains("\tat "), "no stack trace: " + device.err());
        assertFalse(Files.exists(out), "a run that did not start leaves no directory");

        Outcome tornado = langevinSpark(plan(out.toString(), "--engine", "tornadovm").toArray(String[]::new));
        assertEquals(2, tornado.status());
        assertTrue(tornado.err().contains("--engine tornadovm does not run in Spark tasks"), tornado.err());

        Outcome jars = langevinSpark(plan(out.toString(), "--jars", temp.resolve("none.jar").toString())
                .toArray(String[]::new));
        assertEquals(2, jars.status());
        assertTrue(jars.err().contains("none.jar is not a file."), jars.err());
        assertFalse(Files.exists(out));

        // a standalone master nobody runs: one sentence at once, not a minute of Spark's retries and stack traces
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        long started = System.nanoTime();
        Outcome master = langevinSpark(plan(out.toString(), "--master", "spark://127.0.0.1:" + port).toArray(String[]::new));
        assertEquals(2, master.status(), master.err());
        assertTrue(master.err().startsWith("langevin-spark: --master spark://127.0.0.1:" + port
                + ": no Spark master answers at 127.0.0.1:" + port), master.err());
        assertFalse(master.err().contains("\tat "), "no stack trace: " + master.err());
        assertTrue((System.nanoTime() - started) * 1e-9 < 30, "said at once");
        assertFalse(Files.exists(out));
    }

    @Test
    void forceReplacesARunOnlyOnceTheNewOneIsCompleteAndPutsItBackOtherwise() throws Exception {
        Path out = temp.resolve("replaced");
        Outcome first = langevinSpark(plan(out.toString(), "--quiet").toArray(String[]::new));
        assertTrue(first.status() == 0 || first.status() == 3, first.err());
        byte[] summary = Files.readAllBytes(out.resolve("summary.csv"));
        // a replacement that fails (no such OpenCL device, found when the run starts): the old run is as it was
        Outcome failed = langevinSpark(plan(out.toString(), "--force", "--thin", "2", "--engine", "opencl", "--device", "99",
                "--quiet").toArray(String[]::new));
        assertEquals(2, failed.status(), failed.err());
        assertArrayEquals(summary, Files.readAllBytes(out.resolve("summary.csv")));
        // one that succeeds: the new run in place, nothing of the old one left beside it
        Outcome replaced = langevinSpark(plan(out.toString(), "--force", "--thin", "2", "--quiet").toArray(String[]::new));
        assertTrue(replaced.status() == 0 || replaced.status() == 3, replaced.err());
        assertFalse(java.util.Arrays.equals(summary, Files.readAllBytes(out.resolve("summary.csv"))), "the new run's summary");
        try (java.util.stream.Stream<Path> siblings = Files.list(temp)) {
            assertEquals(List.of("replaced"), siblings.map(p -> p.getFileName().toString())
                    .filter(name -> name.contains("replaced")).toList());
        }
    }
}
