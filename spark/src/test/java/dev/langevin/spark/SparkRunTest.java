package dev.langevin.spark;

import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.algorithm.Sgld;
import dev.langevin.data.CsvData;
import dev.langevin.engine.Engines;
import dev.langevin.engine.InMemoryDraws;
import dev.langevin.engine.InitialState;
import dev.langevin.engine.Plan;
import dev.langevin.Sampler;
import dev.langevin.diagnostics.ParameterSummary;
import dev.langevin.diagnostics.Summary;
import dev.langevin.io.Npy;
import dev.langevin.io.RunJson;
import dev.langevin.io.SummaryCsv;
import dev.langevin.report.RunDirectory;
import dev.langevin.schedule.Constant;
import dev.langevin.target.Gaussian;
import dev.langevin.target.Params;
import dev.langevin.target.Targets;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A plan run as Spark tasks on local[2] writes the single machine's draws bit for bit. */
class SparkRunTest {
    private static JavaSparkContext spark;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() {
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("langevin-spark-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.sql.shuffle.partitions", "2"));
        spark.setLogLevel("WARN");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** A 5-D Gaussian with unequal scales, full gradient. */
    static Plan gaussian() {
        return new Plan(new Gaussian(new double[] {0, 1, -2, 0.5, 3}, new double[] {1, 0.5, 2, 0.1, 1.5}),
                new FullGradient(), new Sgld(), new Constant(0.01), 1, 37, 0, 400, 200, 5,
                new InitialState.Uniform(-2, 2), 20261204L);
    }

    /** Logistic regression on the breast-cancer data (standardised), per-chain minibatches of 32. */
    static Plan logistic() throws Exception {
        return new Plan(Targets.create("logistic-regression", new Targets.Request(0, Params.empty(),
                        CsvData.load(Path.of("data/breast_cancer.csv"), 1, -1).standardize(), 5)),
                new MinibatchGradient(32, false), new Sgld(), new Constant(1e-3), 1, 21, 0, 300, 100, 4,
                new InitialState.Uniform(-1, 1), 7L);
    }

    /** Rosenbrock from wide starting points with a step size at which about half the chains diverge. */
    static Plan divergent() throws Exception {
        return dev.langevin.cli.PlanArguments.parse(List.of("--target", "rosenbrock", "--dim", "2", "--chains", "24",
                "--steps", "300", "--thin", "2", "--step-size", "2e-3", "--init", "uniform:-3,3", "--seed", "1"),
                w -> { }).plan();
    }

    @Test
    void gaussianShardsAreTheSingleMachineDrawsBitForBit() throws Exception {
        check(SparkRunTest::gaussian, "gaussian");
    }

    @Test
    void minibatchLogisticRegressionShardsAreTheSingleMachineDrawsBitForBit() throws Exception {
        check(SparkRunTest::logistic, "logistic");
    }

    @Test
    void theClusterSummaryIsTheSingleMachineSummaryExactly() throws Exception {
        for (SparkRun.PlanSource source : List.<SparkRun.PlanSource>of(SparkRunTest::gaussian, SparkRunTest::logistic,
                SparkRunTest::divergent)) {
            Plan plan = source.plan();
            InMemoryDraws expected = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
            var run = Engines.forPlan("cpu", plan).run(plan, expected, (done, steps) -> { });
            Set<Integer> excluded = run.divergences().stream().map(d -> d.chain()).collect(Collectors.toSet());
            if (plan.target().name().equals("rosenbrock")) {
                // divergent chains in every shard's range are left out of the summary and the merged moments
                assertTrue(excluded.size() > 3 && excluded.size() < plan.chains() - 3, "diverged: " + excluded);
            }
            int superchains = plan.chains() % 2 == 0 ? 2 : 0;
            List<ParameterSummary> single = Summary.of(Sampler.reported(plan.target(), expected),
                    plan.target().reportedNames(), excluded, superchains);
            Path dir = temp.resolve(plan.target().name());
            SparkRun.Result result = SparkRun.run(spark, source, 3, dir.toString(), "cpu", superchains,
                    List.of("--seed", "1"));
            assertEquals(single, result.summary(), "every number of every row, bit for bit");
            assertTrue(result.fullSummary());
            assertMomentsMatch(single, result.moments(), (long) (plan.chains() - excluded.size()) * plan.draws());
            // summary.csv is the file one machine writes for the same rows
            Path csv = temp.resolve(plan.target().name() + "-single.csv");
            SummaryCsv.write(csv, single, superchains > 0);
            assertEquals(Files.readString(csv), Files.readString(dir.resolve("summary.csv")));
            Map<String, Object> record = RunJson.read(dir.resolve("run.json"));
            assertEquals(plan.seed(), ((Number) RunDirectory.map(record.get("plan")).get("seed")).longValue());
            assertEquals("manifest.json", RunDirectory.map(record.get("draws_file")).get("name"));
            // and the core's reader takes the directory as a run
            RunDirectory read = RunDirectory.read(dir);
            assertEquals(plan.chains(), read.draws().chains());
            assertEquals(plan.target().parameterNames(), read.names());
        }
    }

    /**
     * The means and sds merged from the shards' partial sums (Chan et al.) agree with the summary's
     * two-pass ones over all draws to a relative 1e-12 of the sd (mean) and of the sd itself: the two
     * sum the same float32 draws in double in different orders.
     */
    static void assertMomentsMatch(List<ParameterSummary> summary, PartialMoments moments, long count) {
        assertEquals(count, moments.count());
        for (int j = 0; j < summary.size(); j++) {
            ParameterSummary row = summary.get(j);
            double tolerance = 1e-12 * row.sd();
            assertEquals(row.mean(), moments.mean()[j], tolerance, row.name() + " mean");
            assertEquals(row.sd(), moments.sd(j), tolerance, row.name() + " sd");
        }
    }

    @Test
    void withOneParametersDrawsOverATasksMemoryTheSummaryIsTheMergedMomentsAndSaysWhy() throws Exception {
        Plan plan = logistic();
        Path dir = temp.resolve("moments-only");
        SparkRun.Result full = SparkRun.run(spark, SparkRunTest::logistic, 3, temp.resolve("full").toString(), "cpu");
        // a summarising task that may hold 100 kB cannot take 21 chains x 50 draws of one parameter (about 0.2 MB)
        SparkRun.Result result = SparkRun.run(spark, SparkRunTest::logistic, 3, dir.toString(), "cpu", 0, List.of(),
                (done, steps) -> { }, 100_000);
        assertTrue(!result.fullSummary());
        assertTrue(!result.verdict().trusted());
        assertTrue(result.verdict().text().contains("21 chains x 50 draws in one task needs 0.2 MB, more than the "
                + "0.1 MB an executor may use"), result.verdict().text());
        assertTrue(result.verdict().text().contains("spark.executor.memory"), result.verdict().text());
        assertMomentsMatch(full.summary(), result.moments(), (long) plan.chains() * plan.draws());
        for (int j = 0; j < plan.dim(); j++) {
            ParameterSummary row = result.summary().get(j);
            assertEquals(result.moments().mean()[j], row.mean());
            assertEquals(result.moments().sd(j), row.sd());
            assertTrue(Double.isNaN(row.rhat()) && Double.isNaN(row.essBulk()) && Double.isNaN(row.q50()));
        }
        assertTrue(Files.readString(dir.resolve("summary.csv")).lines().count() == plan.dim() + 1);
        assertTrue(Files.isRegularFile(dir.resolve("manifest.json")), "the draws are complete all the same");
        // the limit of a Java array, whatever the memory
        assertTrue(SparkSummary.tooLarge(1 << 16, 1 << 15, Long.MAX_VALUE).contains("2^31 - 9"));
        assertEquals(null, SparkSummary.tooLarge(plan.chains(), plan.draws(), 1L << 30));
    }

    @Test
    void rangesCoverTheChainsOnce() {
        List<int[]> ranges = SparkRun.ranges(10, 3);
        assertEquals(3, ranges.size());
        assertEquals(List.of(4, 3, 3), ranges.stream().map(r -> r[2]).toList());
        assertEquals(List.of(0, 4, 7), ranges.stream().map(r -> r[1]).toList());
        assertEquals(2, SparkRun.ranges(2, 5).size());
    }

    private void check(SparkRun.PlanSource source, String name) throws Exception {
        assertTrue(Engines.vectorApiPresent(), "the tests run with --add-modules jdk.incubator.vector");
        Plan plan = source.plan();
        InMemoryDraws expected = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
        Engines.forPlan("cpu", plan).run(plan, expected, (done, steps) -> { });
        for (int partitions : new int[] {1, 3}) {
            Path dir = temp.resolve(name + "-" + partitions);
            SparkRun.Result result = SparkRun.run(spark, source, partitions, dir.toString(), "cpu");
            assertEquals(List.of("cpu"), result.engines());
            assertEquals(partitions, result.shards().size());
            assertTrue(Files.isRegularFile(dir.resolve("manifest.json")));
            assertTrue(Files.notExists(dir.resolve("_temporary")), "no temporary files are left");
            int chain = 0;
            for (SparkRun.Shard shard : result.shards()) {
                assertEquals(chain, shard.firstChain());
                Npy.Array array = Npy.read(dir.resolve(shard.file()));
                assertEquals(List.of(shard.chains(), plan.draws(), plan.dim()),
                        List.of(array.shape()[0], array.shape()[1], array.shape()[2]));
                float[] values = array.values();
                int offset = chain * plan.draws() * plan.dim();
                for (int i = 0; i < values.length; i++) {
                    int want = Float.floatToRawIntBits(expected.values()[offset + i]);
                    int got = Float.floatToRawIntBits(values[i]);
                    if (want != got) {
                        fail(name + ", " + partitions + " partitions, shard " + shard.index() + ": value " + i
                                + " is " + values[i] + ", the single machine's " + expected.values()[offset + i]);
                    }
                }
                chain += shard.chains();
            }
            assertEquals(plan.chains(), chain);
        }
    }
}
