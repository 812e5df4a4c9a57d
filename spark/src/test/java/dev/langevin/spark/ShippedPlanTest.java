package dev.langevin.spark;

import dev.langevin.cli.PlanArguments;
import dev.langevin.engine.Engines;
import dev.langevin.engine.InMemoryDraws;
import dev.langevin.engine.Plan;
import dev.langevin.io.Npy;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A user model and data files travel with the job: the tasks build the plan from copies of the
 * files, and the draws are the single machine's bit for bit, though the files the options name
 * are gone by the time the tasks run.
 */
class ShippedPlanTest {
    private static JavaSparkContext spark;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() {
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("langevin-spark-shipped-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
        spark.setLogLevel("WARN");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void aUserModelTravelsAndGivesTheSingleMachineDrawsBitForBit() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("model"));
        Path model = Files.copy(Path.of("examples/banana/Banana.java"), folder.resolve("Banana.java"));
        Path cl = Files.copy(Path.of("examples/banana/Banana.cl"), folder.resolve("Banana.cl"));
        // --model=FILE as well as --model FILE
        List<String> options = List.of("--model=" + model, "--model-cl", cl.toString(), "--param", "b=3",
                "--chains", "29", "--steps", "400", "--burn-in", "100", "--thin", "3", "--step-size", "0.01",
                "--seed", "20261204");
        check(options, folder, List.of("--model", "--model-cl"), "banana");
    }

    @Test
    void aDataFileTravelsAndGivesTheSingleMachineDrawsBitForBit() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("data"));
        Path data = Files.copy(Path.of("data/breast_cancer.csv"), folder.resolve("breast_cancer.csv"));
        List<String> options = List.of("--target", "logistic-regression", "--data", data.toString(), "--skip-rows",
                "1", "--standardize", "--batch-size", "32", "--chains", "21", "--steps", "300", "--thin", "4",
                "--step-size", "1e-3", "--seed", "7");
        check(options, folder, List.of("--data"), "logistic");
    }

    @Test
    void theTasksReadCopiesUnderTheSameFileNames() throws Exception {
        Path model = Files.copy(Path.of("examples/banana/Banana.java"), temp.resolve("Banana.java"));
        ShippedPlan source = ShippedPlan.of(spark, List.of("--model", model.toString(), "--chains", "4"), n -> { });
        List<String> local = spark.parallelize(List.of(0), 1).map(i -> source.localOptions()).collect().get(0);
        assertNotEquals(model.toString(), local.get(1));
        assertEquals("Banana.java", Path.of(local.get(1)).getFileName().toString());
        assertEquals(Files.readString(model), Files.readString(Path.of(local.get(1))));
    }

    @Test
    void aModelClassInAJarIsFoundThroughTheShippedClasspathAndThroughSparksJars() throws Exception {
        Path shippedJar = modelJar(temp.resolve("shipped"));
        List<String> plan = List.of("--model-class", "userjar.Banana", "--param", "b=3", "--chains", "13", "--steps", "300",
                "--thin", "3", "--step-size", "0.01", "--seed", "11");
        List<String> withClasspath = new java.util.ArrayList<>(plan);
        withClasspath.addAll(List.of("--classpath", shippedJar.toString()));
        // the jar of --classpath travels with the job: the tasks load the class from their copy
        check(withClasspath, shippedJar.getParent(), List.of("--classpath"), "model-class");

        // a jar given to Spark (spark-submit --jars, spark.jars): the driver's class loader has it,
        // the executors fetch it from the driver
        Path jar = modelJar(temp.resolve("jars"));
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try {
            SparkMain.useJars(jar.toString());
            Plan expectedPlan = PlanArguments.parse(plan, w -> { }).plan();
            InMemoryDraws expected = new InMemoryDraws(expectedPlan.chains(), expectedPlan.draws(), expectedPlan.dim());
            Engines.forPlan("cpu", expectedPlan).run(expectedPlan, expected, (done, steps) -> { });
            ShippedPlan source = ShippedPlan.of(spark, plan, n -> fail(n));
            // before Spark has the jar, the executors cannot load the class: one sentence, from the task
            var missing = org.junit.jupiter.api.Assertions.assertThrows(dev.langevin.error.LangevinException.class,
                    () -> SparkRun.run(spark, source, 2, temp.resolve("no-jar").toString(), "cpu", 0, plan));
            assertTrue(missing.getMessage().contains("Model class userjar.Banana is not on the class path"),
                    missing.getMessage());
            assertFalse(Files.exists(temp.resolve("no-jar/manifest.json")), "an incomplete run has no manifest");
            spark.addJar(jar.toString());
            Path dir = temp.resolve("spark-jars");
            SparkRun.Result result = SparkRun.run(spark, source, 3, dir.toString(), "cpu", 0, plan);
            assertEquals(3, result.shards().size());
            int chain = 0;
            for (SparkRun.Shard shard : result.shards()) {
                float[] values = Npy.read(dir.resolve(shard.file())).values();
                int offset = chain * expectedPlan.draws() * expectedPlan.dim();
                for (int i = 0; i < values.length; i++) {
                    if (Float.floatToRawIntBits(expected.values()[offset + i]) != Float.floatToRawIntBits(values[i])) {
                        fail("spark.jars, shard " + shard.index() + ": value " + i + " differs");
                    }
                }
                chain += shard.chains();
            }
            assertEquals(expectedPlan.chains(), chain);
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    /** A jar holding the banana example compiled as userjar.Banana, in a folder of its own. */
    static Path modelJar(Path folder) throws Exception {
        Files.createDirectories(folder);
        Path sources = Files.createTempDirectory("langevin-userjar-src");
        Path classes = Files.createTempDirectory("langevin-userjar-classes");
        Path source = sources.resolve("Banana.java");
        Files.writeString(source, "package userjar;\n" + Files.readString(Path.of("examples/banana/Banana.java")));
        var compiler = javax.tools.ToolProvider.getSystemJavaCompiler();
        int status = compiler.run(null, null, null, "-proc:none", "-classpath", System.getProperty("java.class.path"),
                "-d", classes.toString(), source.toString());
        assertEquals(0, status, "the model compiles");
        Path jar = folder.resolve("banana-model.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
             var walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
        }
        return jar;
    }

    /** Runs the options' plan on one machine, removes the files, then runs it in 1, 3 and 8 tasks. */
    private void check(List<String> options, Path files, List<String> shipped, String name) throws Exception {
        Plan plan = PlanArguments.parse(options, w -> { }).plan();
        InMemoryDraws expected = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
        Engines.forPlan("cpu", plan).run(plan, expected, (done, steps) -> { });
        ShippedPlan source = ShippedPlan.of(spark, options, n -> fail("nothing is over the limit: " + n));
        assertEquals(shipped, source.shippedOptions());
        try (var list = Files.list(files)) {
            for (Path p : list.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(files);
        assertFalse(Files.exists(files), "the tasks cannot read the files the options name");
        for (int partitions : new int[] {1, 3, 8}) {
            Path dir = temp.resolve(name + "-" + partitions);
            SparkRun.Result result = SparkRun.run(spark, source, partitions, dir.toString(), "cpu", 0, options);
            assertEquals(List.of("cpu"), result.engines());
            assertEquals(partitions, result.shards().size());
            int chain = 0;
            for (SparkRun.Shard shard : result.shards()) {
                assertEquals(chain, shard.firstChain());
                float[] values = Npy.read(dir.resolve(shard.file())).values();
                int offset = chain * plan.draws() * plan.dim();
                assertEquals(shard.chains() * plan.draws() * plan.dim(), values.length);
                for (int i = 0; i < values.length; i++) {
                    if (Float.floatToRawIntBits(expected.values()[offset + i]) != Float.floatToRawIntBits(values[i])) {
                        fail(name + ", " + partitions + " partitions, shard " + shard.index() + ": value " + i + " is "
                                + values[i] + ", the single machine's " + expected.values()[offset + i]);
                    }
                }
                chain += shard.chains();
            }
            assertEquals(plan.chains(), chain);
            assertTrue(Files.isRegularFile(dir.resolve("manifest.json")));
        }
    }
}
