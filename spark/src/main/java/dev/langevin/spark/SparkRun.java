package dev.langevin.spark;

import dev.langevin.engine.Divergence;
import dev.langevin.engine.Engine;
import dev.langevin.engine.Plan;
import dev.langevin.engine.ProgressListener;
import dev.langevin.engine.RunResult;
import dev.langevin.diagnostics.ParameterSummary;
import dev.langevin.diagnostics.Superchains;
import dev.langevin.diagnostics.Verdict;
import dev.langevin.error.LangevinException;
import dev.langevin.io.NpyDrawWriter;
import dev.langevin.io.SummaryCsv;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs a plan on a Spark cluster: the plan's chains are cut into contiguous ranges
 * ({@link Plan#slice}), each range runs as one Spark task on an existing engine, and each writes
 * its kept draws as one shard, {@code shards/draws-NNNNN.npy} of shape (range's chains, draws,
 * dims), then {@code summary.csv} (computed on the cluster by {@link SparkSummary}, equal to the
 * single machine's), {@code run.json} and, last, a {@code manifest.json} listing the shards in
 * chain order. Because every random
 * number is addressed by (seed, global chain, step, coordinate, stream), the shards laid end to
 * end hold exactly the draws that one machine's run of the plan on the same engine writes.
 *
 * <p>Plans do not travel: a task rebuilds the plan from a {@link PlanSource} (a serialisable
 * recipe, such as the command line's options) and slices it. {@link ShippedPlan} is such a recipe
 * that carries the files its options name (model source, data) to the executors.
 */
public final class SparkRun {
    /** Bytes of draws a task gathers in memory before writing them to its local shard. */
    private static final long WRITE_BUFFER_BYTES = 64L << 20;

    private SparkRun() {
    }

    /** Builds the plan, on the driver and again in each task; must give the same plan everywhere. */
    @FunctionalInterface
    public interface PlanSource extends Serializable {
        Plan plan() throws Exception;
    }

    /**
     * One range of chains and where its draws went.
     *
     * @param engine the engine the task ran (cpu, opencl or reference)
     * @param device where: the cpu engine's threads, or the OpenCL device's number, name and type
     * @param moments the count, means and sums of squared deviations of its chains' draws (divergent
     *                chains left out), on the target's reported scale
     */
    public record Shard(int index, int firstChain, int chains, String file, String engine, String device,
                        double seconds, List<int[]> divergences, PartialMoments moments) implements Serializable {
    }

    /**
     * What a run wrote.
     *
     * @param seconds        wall time from start to the manifest
     * @param summary        summary.csv's rows: the summary of the shards' draws, as one machine computes it
     * @param verdict        what the summary says of the draws
     * @param samplingSeconds wall time of the sampling stage
     * @param summarySeconds  wall time of the summarising stage
     * @param moments         every parameter's count, mean and M2, merged from the shards' partial sums
     * @param fullSummary     whether the summary has quantiles, ESS and R-hat (from the shuffle by
     *                        parameter), or only the merged means and sds, when one parameter's draws
     *                        are more than a summarising task may hold
     */
    public record Result(String directory, int chains, int draws, int dims, List<Shard> shards, double seconds,
                         List<ParameterSummary> summary, Verdict verdict, double samplingSeconds,
                         double summarySeconds, PartialMoments moments, boolean fullSummary) {
        /** Engines the shards ran on (one, unless some executors lacked the Vector API or, under auto, a GPU). */
        public List<String> engines() {
            return shards.stream().map(Shard::engine).distinct().toList();
        }
    }

    /** The chain ranges [first, first + count) of {@code chains} chains cut into at most {@code parts} near-equal ranges. */
    public static List<int[]> ranges(int chains, int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + parts + ".");
        }
        int n = Math.min(parts, chains);
        List<int[]> ranges = new ArrayList<>(n);
        int from = 0;
        for (int i = 0; i < n; i++) {
            int count = chains / n + (i < chains % n ? 1 : 0);
            ranges.add(new int[] {i, from, count});
            from += count;
        }
        return ranges;
    }

    /**
     * Runs the plan in {@code partitions} tasks and writes the shards and the manifest under
     * {@code directory} (any Hadoop file system URI; a plain path is the local file system).
     *
     * @param engine the engine each task runs: {@code auto} (the OpenCL GPU Spark gave the task, else
     *               cpu), {@code cpu} (falling back to {@code reference} in an executor without the Vector
     *               API module), {@code opencl} or {@code reference}; see {@link TaskEngine}
     */
    public static Result run(JavaSparkContext spark, PlanSource source, int partitions, String directory, String engine)
            throws Exception {
        return run(spark, source, partitions, directory, engine, 0, List.of(), ProgressListener.NONE);
    }

    /**
     * As {@link #run(JavaSparkContext, PlanSource, int, String, String)}, with nested R-hat over
     * {@code superchains} superchains (0 for none) and the command-line options the plan came from,
     * which run.json records ({@code --device} among them names the OpenCL device of {@code opencl}
     * tasks that Spark gave no GPU).
     */
    public static Result run(JavaSparkContext spark, PlanSource source, int partitions, String directory, String engine,
                             int superchains, List<String> options) throws Exception {
        return run(spark, source, partitions, directory, engine, superchains, options, ProgressListener.NONE);
    }

    /**
     * As {@link #run(JavaSparkContext, PlanSource, int, String, String, int, List)}, telling
     * {@code progress} on the driver of the steps done by the average chain, as the tasks report them.
     */
    public static Result run(JavaSparkContext spark, PlanSource source, int partitions, String directory, String engine,
                             int superchains, List<String> options, ProgressListener progress) throws Exception {
        return run(spark, source, partitions, directory, engine, superchains, options, progress,
                SparkSummary.taskMemory(spark));
    }

    /** As above, with the bytes one summarising task may use (the tests make it small). */
    static Result run(JavaSparkContext spark, PlanSource source, int partitions, String directory, String engine,
                      int superchains, List<String> options, ProgressListener progress, long summaryMemory)
            throws Exception {
        long start = System.nanoTime();
        Instant started = Instant.now();
        Plan plan = source.plan();
        if (superchains != 0) {
            Superchains.size(plan.chains(), superchains); // its sentence when K does not divide the chains
        }
        if (plan.exchange() != null) {
            throw new IllegalArgumentException("Replica exchange swaps states between chains at every exchange, so its "
                    + "chains cannot run as independent ranges.");
        }
        String device = RunRecord.option(options, "--device");
        int threads = spark.getConf().contains("spark.task.cpus") ? spark.getConf().getInt("spark.task.cpus", 1) : 0;
        TaskEngine.Request request = new TaskEngine.Request(engine, device == null ? 0 : Integer.parseInt(device), threads);
        // the engine's own sentence when it cannot run this plan
        TaskEngine.check(request, plan, spark.master().startsWith("local"));
        Configuration conf = spark.hadoopConfiguration();
        Path dir = new Path(directory);
        FileSystem fs = dir.getFileSystem(conf);
        fs.setWriteChecksum(false); // no .crc files beside the shards on a local file system
        fs.mkdirs(new Path(dir, "shards"));
        fs.mkdirs(new Path(dir, "_temporary"));
        String target = fs.makeQualified(dir).toString();

        List<int[]> ranges = ranges(plan.chains(), partitions);
        LongAccumulator chainSteps = spark.sc().longAccumulator("langevin chain-steps");
        SamplingProgress listener = new SamplingProgress(chainSteps.id(), plan.chains(), plan.steps(), progress);
        spark.sc().addSparkListener(listener);
        List<Shard> shards;
        try {
            shards = new ArrayList<>(spark.parallelize(ranges, ranges.size())
                    .map(range -> runRange(source, range, target, request, chainSteps)).collect());
        } catch (Exception e) {
            throw e instanceof SparkException failure ? inputError(failure) : e;
        } finally {
            spark.sc().removeSparkListener(listener);
        }
        listener.settle(chainSteps.value());
        shards.sort(Comparator.comparingInt(Shard::index));
        double sampling = (System.nanoTime() - start) * 1e-9;

        long summaryStart = System.nanoTime();
        Set<Integer> excluded = new TreeSet<>();
        for (Shard shard : shards) {
            for (int[] d : shard.divergences()) {
                excluded.add(d[0]);
            }
        }
        PartialMoments moments = PartialMoments.empty(plan.dim());
        for (Shard shard : shards) {
            moments = moments.merge(shard.moments()); // in chain order
        }
        String limit = SparkSummary.tooLarge(plan.chains() - excluded.size(), plan.draws(), summaryMemory);
        List<ParameterSummary> summary;
        Verdict verdict;
        if (limit == null) {
            summary = SparkSummary.of(spark, target, shards, plan.draws(), plan.dim(),
                    plan.target().reportedNames(), excluded, superchains,
                    plan.target().transformsReports() ? source : null,
                    SparkSummary.groupCount(spark, plan.chains(), plan.draws(), plan.dim()));
            verdict = plan.rule().stochastic() ? Verdict.of(summary, plan.chains(), excluded.size())
                    : Verdict.optimiser(plan.algorithm(), plan.chains(), excluded.size());
        } else {
            summary = SparkSummary.momentsOnly(plan.target().reportedNames(), moments);
            verdict = new Verdict(false, limit);
        }
        double summarising = (System.nanoTime() - summaryStart) * 1e-9;
        java.nio.file.Path csv = Files.createTempFile("langevin-summary-", ".csv");
        try {
            Files.delete(csv);
            SummaryCsv.write(csv, summary, superchains > 0);
            Path temporary = new Path(new Path(dir, "_temporary"), "summary.csv");
            fs.copyFromLocalFile(false, true, new Path(csv.toUri()), temporary);
            fs.delete(new Path(dir, "summary.csv"), false);
            if (!fs.rename(temporary, new Path(dir, "summary.csv"))) {
                throw new IOException("could not rename " + temporary + " to summary.csv.");
            }
        } finally {
            Files.deleteIfExists(csv);
        }
        fs.delete(new Path(dir, "_temporary"), true);
        double seconds = (System.nanoTime() - start) * 1e-9;
        Result result = new Result(target, plan.chains(), plan.draws(), plan.dim(), shards, seconds, summary, verdict,
                sampling, summarising, moments, limit == null);
        writeAtomically(fs, new Path(dir, "run.json"), RunRecord.json(plan, result, superchains, options, started,
                spark));
        // last: a directory with a manifest is a complete run
        writeAtomically(fs, new Path(dir, "manifest.json"), manifest(plan, result).getBytes(StandardCharsets.UTF_8));
        return result;
    }

    /**
     * A task's failure that the user's input caused (a device missing on an executor, a model that
     * does not load there) is that input error, one sentence; anything else stays Spark's.
     */
    static Exception inputError(SparkException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LangevinException input) {
                return input;
            }
        }
        return e;
    }

    /** One task: rebuild the plan, run its range to a local file, then move that file into place. */
    static Shard runRange(PlanSource source, int[] range, String directory, TaskEngine.Request request,
                          LongAccumulator chainSteps) throws Exception {
        int index = range[0];
        Plan slice = source.plan().slice(range[1], range[2]);
        TaskEngine.Choice choice = TaskEngine.choose(request, slice);
        Engine runner = choice.engine();
        long chains = slice.chains();
        int[] reported = {0};
        ProgressListener progress = (done, steps) -> {
            chainSteps.add((done - reported[0]) * chains);
            reported[0] = done;
        };
        java.nio.file.Path local = Files.createTempFile("langevin-shard-", ".npy");
        RunResult result;
        try {
            try (NpyDrawWriter writer = new NpyDrawWriter(local, slice.chains(), slice.draws(), slice.dim(),
                    WRITE_BUFFER_BYTES)) {
                result = runner.run(slice, writer, progress);
            }
            Path dir = new Path(directory);
            FileSystem fs = dir.getFileSystem(new Configuration());
            fs.setWriteChecksum(false);
            String name = String.format(Locale.ROOT, "draws-%05d.npy", index);
            Path finalPath = new Path(new Path(dir, "shards"), name);
            TaskContext task = TaskContext.get();
            String attempt = task == null ? "driver" : task.stageId() + "-" + task.taskAttemptId();
            Path temporary = new Path(new Path(dir, "_temporary"), name + ".attempt-" + attempt);
            fs.copyFromLocalFile(false, true, new Path(local.toUri()), temporary);
            publish(fs, temporary, finalPath);
            List<int[]> divergences = new ArrayList<>();
            Set<Integer> diverged = new TreeSet<>();
            for (Divergence d : result.divergences()) {
                divergences.add(new int[] {d.chain(), d.step()});
                diverged.add(d.chain() - slice.firstChain());
            }
            PartialMoments moments = PartialMoments.ofShard(local, diverged, slice.target());
            return new Shard(index, slice.firstChain(), slice.chains(), "shards/" + name, runner.name(), choice.device(),
                    result.seconds(), divergences, moments);
        } finally {
            Files.deleteIfExists(local);
        }
    }

    /**
     * Renames a complete file into place. A shard that is already there came from another attempt
     * of the same range, complete (only complete files are renamed) and with the same numbers, so
     * it is kept and this attempt's copy dropped.
     */
    static void publish(FileSystem fs, Path temporary, Path finalPath) throws IOException {
        if (fs.exists(finalPath)) {
            fs.delete(temporary, false);
            return;
        }
        if (!fs.rename(temporary, finalPath)) {
            if (fs.exists(finalPath)) {
                fs.delete(temporary, false);
                return;
            }
            throw new IOException("could not rename " + temporary + " to " + finalPath + ".");
        }
    }

    static void writeAtomically(FileSystem fs, Path file, byte[] bytes) throws IOException {
        Path temporary = new Path(file.getParent(), "." + file.getName() + ".tmp");
        try (FSDataOutputStream out = fs.create(temporary, true)) {
            out.write(bytes);
        }
        fs.delete(file, false);
        if (!fs.rename(temporary, file)) {
            throw new IOException("could not rename " + temporary + " to " + file + ".");
        }
    }

    /** The manifest: the run's shape and the shards in chain order. */
    static String manifest(Plan plan, Result result) {
        StringBuilder json = new StringBuilder();
        json.append("{\n");
        json.append("  \"format\": \"langevin-shards-1\",\n");
        json.append("  \"target\": ").append(quote(plan.target().name())).append(",\n");
        json.append("  \"algorithm\": ").append(quote(plan.algorithm())).append(",\n");
        json.append("  \"seed\": ").append(plan.seed()).append(",\n");
        json.append("  \"steps\": ").append(plan.steps()).append(",\n");
        json.append("  \"burn_in\": ").append(plan.burnIn()).append(",\n");
        json.append("  \"thin\": ").append(plan.thin()).append(",\n");
        json.append("  \"chains\": ").append(result.chains()).append(",\n");
        json.append("  \"draws\": ").append(result.draws()).append(",\n");
        json.append("  \"dims\": ").append(result.dims()).append(",\n");
        json.append("  \"seconds\": ").append(String.format(Locale.ROOT, "%.3f", result.seconds())).append(",\n");
        json.append("  \"shards\": [\n");
        for (int i = 0; i < result.shards().size(); i++) {
            Shard s = result.shards().get(i);
            json.append("    {\"file\": ").append(quote(s.file())).append(", \"first_chain\": ").append(s.firstChain())
                    .append(", \"chains\": ").append(s.chains()).append(", \"engine\": ").append(quote(s.engine()))
                    .append(", \"device\": ").append(quote(s.device()))
                    .append(", \"seconds\": ").append(String.format(Locale.ROOT, "%.3f", s.seconds()))
                    .append(", \"divergences\": [");
            for (int k = 0; k < s.divergences().size(); k++) {
                int[] d = s.divergences().get(k);
                json.append(k == 0 ? "" : ", ").append("{\"chain\": ").append(d[0]).append(", \"step\": ").append(d[1])
                        .append('}');
            }
            json.append("]}").append(i + 1 < result.shards().size() ? "," : "").append('\n');
        }
        json.append("  ]\n}\n");
        return json.toString();
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
