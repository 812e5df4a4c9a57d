package dev.langevin.spark;

import dev.langevin.engine.Engines;
import dev.langevin.engine.InMemoryDraws;
import dev.langevin.engine.Plan;
import dev.langevin.engine.opencl.OpenCl;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.io.Npy;
import dev.langevin.io.RunJson;
import dev.langevin.report.RunDirectory;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The engine each task runs: opencl in Spark tasks gives the draws of opencl on one machine bit for
 * bit, cpu tasks take spark.task.cpus threads, auto without a GPU of Spark's runs cpu, and the
 * manifest and run.json say which engine and device each shard ran on. Also the driver's progress.
 */
class SparkEngineTest {
    private static JavaSparkContext spark;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() {
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("langevin-spark-engine-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.task.cpus", "1").set("spark.executor.heartbeatInterval", "1s"));
        spark.setLogLevel("WARN");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** Skips without an OpenCL device, unless LANGEVIN_REQUIRE_OPENCL=1 (CI, with PoCL) makes that a failure. */
    static void assumeOpenCl() {
        boolean present = !OpenCl.devices().isEmpty();
        if (!present && "1".equals(System.getenv("LANGEVIN_REQUIRE_OPENCL"))) {
            fail("LANGEVIN_REQUIRE_OPENCL=1 but no OpenCL device was found (is pocl-opencl-icd installed, and "
                    + "LD_PRELOAD set to the JVM's libjsig.so?)");
        }
        assumeTrue(present, "no OpenCL device here; the opencl-in-Spark test is skipped");
    }

    @Test
    void openClTasksGiveTheDrawsOfOpenClOnOneMachineBitForBit() throws Exception {
        assumeOpenCl();
        for (SparkRun.PlanSource source : List.<SparkRun.PlanSource>of(SparkRunTest::gaussian, SparkRunTest::logistic)) {
            Plan plan = source.plan();
            InMemoryDraws expected = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
            Engines.forPlan("opencl", plan, 0).run(plan, expected, (done, steps) -> { });
            for (int partitions : new int[] {1, 3}) {
                Path dir = temp.resolve(plan.target().name() + "-opencl-" + partitions);
                SparkRun.Result result = SparkRun.run(spark, source, partitions, dir.toString(), "opencl");
                assertEquals(List.of("opencl"), result.engines());
                String device = OpenCl.device(0).name();
                for (SparkRun.Shard shard : result.shards()) {
                    assertTrue(shard.device().startsWith("0: " + device), shard.device());
                }
                assertSameDraws(expected, plan, dir, result, plan.target().name() + ", " + partitions + " tasks");
                // what the manifest and run.json say each shard ran on
                Map<String, Object> manifest = RunJson.read(dir.resolve("manifest.json"));
                for (Object s : (List<?>) manifest.get("shards")) {
                    assertEquals("opencl", RunDirectory.map(s).get("engine"));
                    assertTrue(((String) RunDirectory.map(s).get("device")).startsWith("0: " + device));
                }
                Map<String, Object> record = RunJson.read(dir.resolve("run.json"));
                assertEquals("opencl", record.get("engine"));
                for (Object s : (List<?>) RunDirectory.map(record.get("draws_file")).get("shards")) {
                    assertEquals("opencl", RunDirectory.map(s).get("engine"));
                }
            }
        }
    }

    @Test
    void cpuTasksTakeSparkTaskCpusThreadsAndTheDrawsDoNotChange() throws Exception {
        Plan plan = SparkRunTest.gaussian();
        InMemoryDraws expected = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
        Engines.forPlan("cpu", plan).run(plan, expected, (done, steps) -> { });
        Path dir = temp.resolve("cpu-one-thread");
        SparkRun.Result result = SparkRun.run(spark, SparkRunTest::gaussian, 2, dir.toString(), "cpu");
        assertEquals(List.of("cpu"), result.engines());
        for (SparkRun.Shard shard : result.shards()) {
            assertEquals("1 thread", shard.device(), "spark.task.cpus is 1");
        }
        assertSameDraws(expected, plan, dir, result, "cpu, 1 thread per task");
    }

    @Test
    void autoRunsCpuWhereSparkGaveTheTaskNoOpenClGpu() throws Exception {
        Plan plan = SparkRunTest.gaussian();
        TaskEngine.Request auto = new TaskEngine.Request("auto", 0, 0);
        assertEquals("cpu", TaskEngine.choose(auto, plan, List.of()).engine().name());
        boolean openClGpu = OpenCl.devices().stream().anyMatch(OpenCl.Device::gpu);
        if (!openClGpu) {
            // a GPU address Spark gave, but no OpenCL GPU of that number here (PoCL's device is a CPU)
            assertEquals("cpu", TaskEngine.choose(auto, plan, List.of("0")).engine().name());
            InvalidParameterException e = assertThrows(InvalidParameterException.class,
                    () -> TaskEngine.choose(new TaskEngine.Request("opencl", 0, 0), plan, List.of("0")));
            assertTrue(e.getMessage().contains("no OpenCL GPU of that number"), e.getMessage());
        } else {
            assertEquals("opencl", TaskEngine.choose(auto, plan, List.of("0")).engine().name());
        }
        Path dir = temp.resolve("auto");
        SparkRun.Result result = SparkRun.run(spark, SparkRunTest::gaussian, 2, dir.toString(), "auto");
        assertEquals(List.of("cpu"), result.engines(), "local[2] gives its tasks no GPU");
        assertThrows(InvalidParameterException.class, () -> new TaskEngine.Request("tornadovm", 0, 0));
    }

    @Test
    void theDriverIsToldEveryChainStepOnceAndInOrder() throws Exception {
        Plan plan = SparkRunTest.gaussian();
        List<Integer> told = new ArrayList<>();
        SparkRun.run(spark, SparkRunTest::gaussian, 3, temp.resolve("progress").toString(), "cpu", 0, List.of(),
                (done, steps) -> {
                    assertEquals(plan.steps(), steps);
                    synchronized (told) {
                        told.add(done);
                    }
                });
        assertTrue(!told.isEmpty(), "the driver heard of the tasks' steps");
        // the tasks' accumulator holds every chain's every step once: chains x steps / chains
        assertEquals(plan.steps(), told.get(told.size() - 1), "all steps of all chains, at the end");
        for (int i = 1; i < told.size(); i++) {
            assertTrue(told.get(i) > told.get(i - 1), "progress only goes forward: " + told);
        }
    }

    @Test
    void aFailedAttemptsStepsDoNotCountAndLateHeartbeatsAreIgnored() {
        List<Integer> told = new ArrayList<>();
        SamplingProgress progress = new SamplingProgress(7, 10, 100, (done, steps) -> told.add(done));
        progress.running(1, 300);          // task 1 (4 chains): 75 steps each so far
        progress.running(2, 200);          // task 2 (6 chains): 33 steps each so far
        assertEquals(500, progress.chainSteps());
        progress.failed(1);                // task 1 is lost; its range runs again as task 3
        assertEquals(200, progress.chainSteps());
        progress.running(1, 350);          // a heartbeat of the lost attempt, arriving late
        assertEquals(200, progress.chainSteps());
        progress.finished(2, 600);
        progress.running(3, 100);
        progress.finished(3, 400);
        progress.running(3, 100);          // stale
        assertEquals(1000, progress.chainSteps());
        assertEquals(List.of(30, 50, 20, 60, 70, 100), told, "a lost attempt takes its steps back");
    }

    private static void assertSameDraws(InMemoryDraws expected, Plan plan, Path dir, SparkRun.Result result,
                                        String what) throws Exception {
        int chain = 0;
        for (SparkRun.Shard shard : result.shards()) {
            assertEquals(chain, shard.firstChain());
            float[] values = Npy.read(dir.resolve(shard.file())).values();
            int offset = chain * plan.draws() * plan.dim();
            assertEquals(shard.chains() * plan.draws() * plan.dim(), values.length);
            for (int i = 0; i < values.length; i++) {
                if (Float.floatToRawIntBits(expected.values()[offset + i]) != Float.floatToRawIntBits(values[i])) {
                    fail(what + ", shard " + shard.index() + ": value " + i + " is " + values[i]
                            + ", one machine's " + expected.values()[offset + i]);
                }
            }
            chain += shard.chains();
        }
        assertEquals(plan.chains(), chain);
    }
}
