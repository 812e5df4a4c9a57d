package dev.langevin.spark;

import dev.langevin.engine.Plan;
import dev.langevin.io.Npy;

import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A task that fails on its first attempt is retried by Spark, and the run's files are those of a run without failures. */
class SparkRetryTest {
    /** Tasks run in this JVM on local[N, F], so the failing source can count here. */
    static final AtomicInteger FAILURES = new AtomicInteger();

    private static JavaSparkContext spark;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() {
        // local[2, 2]: two threads, and a task may fail once and be run again
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2,2]").setAppName("langevin-spark-retry-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
        spark.setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** The Gaussian plan, except that the first attempt of the second task of every stage that rebuilds it fails. */
    static Plan failingOnce() {
        TaskContext task = TaskContext.get();
        if (task != null && task.partitionId() == 1 && task.attemptNumber() == 0) {
            FAILURES.incrementAndGet();
            throw new IllegalStateException("the first attempt of task 1 fails, as a lost executor would");
        }
        return SparkRunTest.gaussian();
    }

    @Test
    void aRetriedTaskGivesTheSameShardsAndSummary() throws Exception {
        Path clean = temp.resolve("clean");
        Path retried = temp.resolve("retried");
        SparkRun.Result expected = SparkRun.run(spark, SparkRunTest::gaussian, 3, clean.toString(), "cpu");
        FAILURES.set(0);
        SparkRun.Result result = SparkRun.run(spark, SparkRetryTest::failingOnce, 3, retried.toString(), "cpu");
        assertEquals(1, FAILURES.get(), "the second task failed once and was retried");
        assertEquals(expected.shards().size(), result.shards().size());
        for (SparkRun.Shard shard : result.shards()) {
            assertArrayEquals(Files.readAllBytes(clean.resolve(shard.file())), Files.readAllBytes(retried.resolve(shard.file())),
                    shard.file());
        }
        assertEquals(Files.readString(clean.resolve("summary.csv")), Files.readString(retried.resolve("summary.csv")));
        assertEquals(expected.summary(), result.summary());
        assertTrue(Files.notExists(retried.resolve("_temporary")), "no attempt's file is left");
        try (Stream<Path> files = Files.list(retried.resolve("shards"))) {
            assertEquals(3, files.count(), "one file per range, none from the failed attempt");
        }
        assertEquals(12, Npy.read(retried.resolve("shards/draws-00001.npy")).shape()[0]);
    }
}
