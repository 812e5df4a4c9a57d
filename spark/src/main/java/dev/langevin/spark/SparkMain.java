package dev.langevin.spark;

import dev.langevin.cli.Console;
import dev.langevin.cli.PlanArguments;
import dev.langevin.engine.Plan;
import dev.langevin.error.LangevinException;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code langevin-spark run <options of langevin run> --out DIR [--partitions N] [--master URL] [--force]}:
 * runs the plan's chains in N Spark tasks and writes DIR/manifest.json and DIR/shards/draws-NNNNN.npy.
 */
public final class SparkMain {
    static final String USAGE = """
            Usage: langevin-spark run <options of 'langevin run'> --out DIR [--partitions N] [--master URL]
                                      [--superchains K] [--jars A.jar,B.jar] [--force] [--quiet]
            Runs the plan's chains as N Spark tasks (default: the cluster's default parallelism), each on the engine
            --engine names: auto (default: the OpenCL GPU Spark gave the task with spark.task.resource.gpu.amount,
            else cpu), cpu (spark.task.cpus threads when that is set, else every core; reference where an executor
            lacks the Vector API), opencl (the task's GPU, else --device) or reference. It writes one
            DIR/shards/draws-NNNNN.npy (float32, shape (chains of the range, draws, dims)) per chain range,
            DIR/summary.csv (computed on the cluster, equal to the single machine's summary of the same draws;
            nested R-hat with --superchains; only the means and sds merged from the shards' sums, with a sentence
            naming the limit, when one parameter's draws are more than an executor may hold), DIR/run.json and,
            last, DIR/manifest.json. DIR is a Hadoop file system path (file:, hdfs:, ...). The shards laid end to
            end are the draws that 'langevin run' writes for the same options and engine; 'langevin diagnose DIR'
            and 'langevin report DIR' read them as one array. Without --master, spark-submit's or local[*]. The
            model (--model, --model-cl), the jars of --classpath and data files (--data, --labels) up to 256 MiB
            travel with the job; a larger data file must be readable at the same path on every executor.
            --model-class is also found in the jars of --jars (or spark-submit's), which Spark gives its
            executors (spark.jars). A progress bar on standard error counts the tasks' steps; --quiet leaves it
            out.""";

    private SparkMain() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String[] args) {
        if (args.length == 0 || !args[0].equals("run") || List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.err.println(USAGE);
            return args.length > 0 && (List.of(args).contains("--help") || List.of(args).contains("-h")) ? 0 : 2;
        }
        List<String> rest = new ArrayList<>();
        String out = null;
        String master = null;
        Integer partitions = null;
        int superchains = 0;
        boolean force = false;
        boolean quiet = false;
        String jars = null;
        try {
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                switch (name) {
                    case "--out" -> out = value(args, i++, a);
                    case "--master" -> master = value(args, i++, a);
                    case "--partitions" -> partitions = Integer.parseInt(value(args, i++, a));
                    case "--superchains" -> superchains = Integer.parseInt(value(args, i++, a));
                    case "--force" -> force = true;
                    case "--quiet" -> quiet = true;
                    case "--jars" -> jars = value(args, i++, a);
                    default -> {
                        rest.add(a);
                        continue;
                    }
                }
                if (a.contains("=")) {
                    i--; // the value was in this argument
                }
            }
        } catch (NumberFormatException e) {
            System.err.println("langevin-spark: --partitions and --superchains must be whole numbers.");
            return 2;
        } catch (IllegalArgumentException e) {
            System.err.println("langevin-spark: " + e.getMessage());
            return 2;
        }
        if (out == null) {
            System.err.println("langevin-spark: give --out DIR, where the shards and the manifest go.");
            return 2;
        }
        if (superchains < 0) {
            System.err.println("langevin-spark: --superchains must be at least 0, got " + superchains + ".");
            return 2;
        }
        if (partitions != null && partitions < 1) {
            System.err.println("langevin-spark: --partitions must be at least 1, got " + partitions + ".");
            return 2;
        }
        if (jars != null) {
            try {
                useJars(jars);
            } catch (IllegalArgumentException e) {
                System.err.println("langevin-spark: " + e.getMessage());
                return 2;
            }
        }
        PlanArguments.Parsed parsed;
        try {
            parsed = PlanArguments.parse(rest, w -> System.err.println("langevin-spark: warning: " + w));
        } catch (CommandLine.ParameterException e) {
            System.err.println("langevin-spark: " + e.getMessage());
            return 2;
        } catch (LangevinException e) {
            System.err.println("langevin-spark: " + e.getMessage());
            return 2;
        }
        Plan plan = parsed.plan();
        String engine = parsed.engine();
        if (!TaskEngine.NAMES.contains(engine)) {
            System.err.println("langevin-spark: --engine " + engine + " does not run in Spark tasks; use auto, cpu, "
                    + "opencl or reference.");
            return 2;
        }
        // every task rebuilds the plan from these options, so a drawn seed must travel with them
        List<String> options = new ArrayList<>(rest);
        if (!parsed.seedGiven()) {
            options.add("--seed");
            options.add(Long.toString(plan.seed()));
        }
        SparkConf conf = new SparkConf().setAppName("langevin " + plan.target().name());
        if (jars != null) {
            String given = conf.get("spark.jars", "");
            conf.set("spark.jars", given.isEmpty() ? jars : given + "," + jars);
        }
        if (!quiet && !conf.contains("spark.executor.heartbeatInterval")) {
            // the tasks' steps reach the progress bar in the executors' heartbeats (every 10 s by default)
            conf.set("spark.executor.heartbeatInterval", "1s");
        }
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        String unreachable = unreachableMaster(conf.get("spark.master"));
        if (unreachable != null) {
            System.err.println("langevin-spark: " + unreachable);
            return 2;
        }
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            Path dir = new Path(out);
            FileSystem fs = dir.getFileSystem(spark.hadoopConfiguration());
            if (fs.exists(dir)) {
                if (!force) {
                    System.err.println("langevin-spark: " + out + " exists; give --force to replace it.");
                    return 2;
                }
                if (!fs.exists(new Path(dir, "manifest.json"))) {
                    System.err.println("langevin-spark: " + out + " has no manifest.json, so it is not a run this wrote; "
                            + "--force replaces only those.");
                    return 2;
                }
            }
            // the run that --force replaces is moved aside, deleted once the new one is complete and put back if not
            Path aside = null;
            if (fs.exists(dir)) {
                aside = new Path(dir.getParent(), "." + dir.getName() + ".replaced-" + System.currentTimeMillis());
                if (!fs.rename(dir, aside)) {
                    System.err.println("langevin-spark: could not move " + out + " aside to replace it; nothing was changed.");
                    return 2;
                }
            }
            int n = partitions != null ? partitions : spark.defaultParallelism();
            List<String> travelling = List.copyOf(options);
            SparkRun.Result result;
            // on Ctrl-C the JVM stops Spark in its shutdown hooks and then exits; this hook holds the exit until the
            // catch below has removed the unfinished directory and put a replaced run back
            java.util.concurrent.CountDownLatch settled = new java.util.concurrent.CountDownLatch(1);
            Thread waitForCleanUp = new Thread(() -> {
                try {
                    settled.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "langevin-spark-clean-up");
            Runtime.getRuntime().addShutdownHook(waitForCleanUp);
            try (Console.Progress progress = Console.progress(plan.algorithm(), plan.steps(), quiet)) {
                // the model's source, its OpenCL C and data files travel with the job, so executors need not share paths
                ShippedPlan source = ShippedPlan.of(spark, travelling, note -> System.err.println("langevin-spark: " + note));
                result = SparkRun.run(spark, source, n, out, engine, superchains, travelling, progress);
            } catch (Exception e) {
                // the directory is this run's alone (new, or replacing one with --force): leave no part of it
                if (fs.exists(dir) && !fs.exists(new Path(dir, "manifest.json"))) {
                    fs.delete(dir, true);
                }
                boolean restored = aside != null && !fs.exists(dir) && fs.rename(aside, dir);
                if (spark.sc().isStopped()) {
                    // Ctrl-C or a kill: the JVM's shutdown stopped Spark under the running job
                    System.err.println("langevin-spark: stopped before the run finished; nothing of it was kept"
                            + (restored ? ", and the run it was to replace is back in " + out : "") + ".");
                    return 130;
                }
                throw e;
            } finally {
                settled.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(waitForCleanUp);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting: the hook has been let go above
                }
            }
            if (aside != null) {
                fs.delete(aside, true);
            }
            System.out.printf(Locale.ROOT, "%s on %s (d = %d), %d chains x %d steps (%d burn-in, thin %d), seed %d, "
                            + "%d Spark tasks on %s%n", plan.algorithm(), plan.target().name(), plan.dim(), plan.chains(),
                    plan.steps(), plan.burnIn(), plan.thin(), plan.seed(), result.shards().size(),
                    String.join(", ", result.engines()));
            long diverged = result.shards().stream().mapToLong(s -> s.divergences().size()).sum();
            if (diverged > 0) {
                System.out.println(diverged + " chains diverged; manifest.json lists them.");
            }
            System.out.println(result.verdict().text());
            System.out.printf(Locale.ROOT, "%.2f s (sampling %.2f s, summary %.2f s)%nWrote %s%n", result.seconds(),
                    result.samplingSeconds(), result.summarySeconds(), result.directory());
            return result.verdict().trusted() ? 0 : dev.langevin.cli.Main.DO_NOT_TRUST;
        } catch (LangevinException e) {
            // an input error found in a task (no such device on an executor, a model that does not load there)
            System.err.println("langevin-spark: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("langevin-spark: " + e);
            return 70;
        }
    }

    /**
     * Puts the jars of {@code --jars} (separated by commas) on this thread's context class loader,
     * where {@code --model-class} is looked for, as spark-submit does with its own {@code --jars};
     * Spark's executors add them to theirs through spark.jars.
     */
    static void useJars(String jars) {
        List<java.net.URL> urls = new ArrayList<>();
        for (String jar : jars.split(",")) {
            java.nio.file.Path path = java.nio.file.Path.of(jar.strip());
            if (!java.nio.file.Files.isRegularFile(path)) {
                throw new IllegalArgumentException("--jars " + jar + " is not a file.");
            }
            try {
                urls.add(path.toUri().toURL());
            } catch (java.net.MalformedURLException e) {
                throw new IllegalArgumentException("--jars " + jar + " is not a path: " + e.getMessage());
            }
        }
        Thread.currentThread().setContextClassLoader(new java.net.URLClassLoader(urls.toArray(java.net.URL[]::new),
                Thread.currentThread().getContextClassLoader()));
    }

    private static String value(String[] args, int i, String a) {
        if (a.contains("=")) {
            return a.substring(a.indexOf('=') + 1);
        }
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException(a + " needs a value.");
        }
        return args[i + 1];
    }

    /**
     * Why a standalone master (spark://host:port, or several separated by commas) cannot be reached,
     * or null when one answers or the master is not a standalone one: Spark's client would otherwise
     * retry for a minute, printing stack traces, before it gives up.
     */
    static String unreachableMaster(String master) {
        if (master == null || !master.startsWith("spark://")) {
            return null;
        }
        String why = null;
        for (String address : master.substring("spark://".length()).split(",")) {
            int colon = address.lastIndexOf(':');
            String host = colon < 0 ? address : address.substring(0, colon);
            int port;
            try {
                port = colon < 0 ? 7077 : Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                return "--master " + master + " is not spark://HOST:PORT.";
            }
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(host, port), 5000);
                return null;
            } catch (java.io.IOException e) {
                why = "no Spark master answers at " + host + ":" + port + " (" + e.getMessage() + ")";
            }
        }
        return "--master " + master + ": " + why + "; is the master running, and is the address right?";
    }
}
