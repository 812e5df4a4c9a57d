package dev.langevin.spark;

import dev.langevin.diagnostics.DrawSource;
import dev.langevin.diagnostics.ParameterSummary;
import dev.langevin.diagnostics.ReportedDraws;
import dev.langevin.diagnostics.Summary;
import dev.langevin.io.NpyDraws;
import dev.langevin.target.Target;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaSparkContext;

import scala.Tuple2;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The summary of a sharded run computed on the cluster, equal to the single machine's summary
 * of the same draws: the parameters are cut into groups, each shard's task reads its chains'
 * draws of every group and sends each group's block to that group's task (a shuffle by
 * parameter), and each group's task, holding every chain's draws of its parameters, summarises
 * them with {@link Summary#of} as one machine does (quantiles, ESS and R-hat need all draws of a
 * parameter). Excluded chains and superchains are those of the whole run.
 */
public final class SparkSummary {
    /** Bytes of draws one group's task holds, about; more groups when the draws are larger. */
    static final long GROUP_BYTES = 256L << 20;

    private SparkSummary() {
    }

    /** A shard's chains' draws of one group of parameters: {@code values[k][chain * draws + t]}. */
    record Block(int firstChain, int chains, float[][] values) implements Serializable {
    }

    /** One row of the summary, as it travels back to the driver. */
    record Row(int index, String name, double[] values, long nonFinite) implements Serializable {
        static Row of(int index, ParameterSummary s) {
            return new Row(index, s.name(), new double[] {s.mean(), s.sd(), s.q5(), s.q50(), s.q95(), s.mcseMean(), s.essBulk(),
                    s.essTail(), s.rhat(), s.rhatNested()}, s.nonFinite());
        }

        ParameterSummary summary() {
            double[] v = values;
            return new ParameterSummary(name, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], nonFinite);
        }
    }

    /** The parameter groups [first, first + count) for {@code dims} parameters in {@code groups} groups. */
    static List<int[]> groups(int dims, int groups) {
        int n = Math.max(1, Math.min(groups, dims));
        List<int[]> out = new ArrayList<>(n);
        int from = 0;
        for (int g = 0; g < n; g++) {
            int count = dims / n + (g < dims % n ? 1 : 0);
            out.add(new int[] {from, count});
            from += count;
        }
        return out;
    }

    /** The heap of an executor: the driver's own in local mode, else spark.executor.memory (Spark's default 1g). */
    static long taskMemory(JavaSparkContext spark) {
        long heap = spark.master().startsWith("local") ? Runtime.getRuntime().maxMemory()
                : spark.getConf().getSizeAsBytes("spark.executor.memory", "1g");
        return (long) (heap * Summary.MEMORY_FRACTION);
    }

    /**
     * Why one parameter's draws cannot be summarised in one task, or null when they can: the task
     * holds every kept chain's draws of its parameter three times as float32 (the shuffled blocks,
     * the assembled array and the summary's group) besides what {@link Summary} needs for one
     * parameter, and a Java array holds at most 2^31 - 9 values.
     *
     * @param chains the chains summarised (divergent ones left out)
     * @param draws  draws per chain
     * @param memory bytes a summarising task may use
     */
    static String tooLarge(int chains, int draws, long memory) {
        long values = (long) chains * draws;
        long needed = Summary.layout(chains, draws, 1, true, true, Long.MAX_VALUE, 1).minimumBytes()
                + 3L * Float.BYTES * values;
        if (values > Integer.MAX_VALUE - 8) {
            return String.format(Locale.ROOT, "Only means and sds (merged from the shards' sums): one parameter has "
                    + "%d chains x %d draws = %d values, more than one Java array holds (2^31 - 9), so no task can "
                    + "summarise it; thin more (--thin) for quantiles, ESS and R-hat.", chains, draws, values);
        }
        if (needed > memory) {
            return String.format(Locale.ROOT, "Only means and sds (merged from the shards' sums): summarising one "
                    + "parameter's %d chains x %d draws in one task needs %s, more than the %s an executor may use "
                    + "(%.0f%% of its heap, spark.executor.memory); thin more (--thin) or give executors more memory "
                    + "for quantiles, ESS and R-hat.", chains, draws, size(needed), size(memory),
                    100 * Summary.MEMORY_FRACTION);
        }
        return null;
    }

    private static String size(long bytes) {
        return bytes >= 1e9 ? String.format(Locale.ROOT, "%.2f GB", bytes / 1e9)
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** Summary rows with the merged means and sds only; the other columns are NaN. */
    static List<ParameterSummary> momentsOnly(List<String> names, PartialMoments moments) {
        List<ParameterSummary> rows = new ArrayList<>(names.size());
        double nan = Double.NaN;
        for (int j = 0; j < names.size(); j++) {
            rows.add(new ParameterSummary(names.get(j), moments.count() > 0 ? moments.mean()[j] : nan, moments.sd(j),
                    nan, nan, nan, nan, nan, nan, nan, nan, 0));
        }
        return rows;
    }

    /** How many groups: at least the cluster's parallelism, more when a group's draws would exceed {@link #GROUP_BYTES}. */
    static int groupCount(JavaSparkContext spark, int chains, int draws, int dims) {
        long bytes = (long) chains * draws * dims * Float.BYTES;
        long bySize = (bytes + GROUP_BYTES - 1) / GROUP_BYTES;
        return (int) Math.max(1, Math.min(dims, Math.max(spark.defaultParallelism(), bySize)));
    }

    /**
     * Summarises the shards of a run.
     *
     * @param directory   the run directory (a Hadoop file system URI)
     * @param shards      the shards in chain order
     * @param draws       draws per chain
     * @param dims        parameters
     * @param names       one name per parameter, as the summary shows them
     * @param excluded    global chain indices to leave out (the divergent chains)
     * @param superchains superchains for nested R-hat, or 0
     * @param reported    rebuilds the plan in a task to put the draws on the target's reported scale,
     *                    or null when the target reports its sampled coordinates
     * @param groups      parameter groups (tasks of the summarising stage)
     */
    public static List<ParameterSummary> of(JavaSparkContext spark, String directory, List<SparkRun.Shard> shards,
                                            int draws, int dims, List<String> names, Set<Integer> excluded,
                                            int superchains, SparkRun.PlanSource reported, int groups) {
        List<int[]> cut = groups(dims, groups);
        int chains = shards.stream().mapToInt(SparkRun.Shard::chains).sum();
        List<String> travellingNames = List.copyOf(names);
        Set<Integer> travellingExcluded = Set.copyOf(excluded);
        List<String[]> files = shards.stream().map(s -> new String[] {s.file(), Integer.toString(s.firstChain()),
                Integer.toString(s.chains())}).toList();
        List<Row> rows = new ArrayList<>(spark.parallelize(files, Math.max(1, files.size()))
                .flatMapToPair(shard -> blocks(directory, shard[0], Integer.parseInt(shard[1]),
                        Integer.parseInt(shard[2]), draws, cut))
                .groupByKey(new HashPartitioner(cut.size()))
                .flatMap(group -> summarise(group._1(), group._2(), cut.get(group._1()), chains, draws,
                        travellingNames, travellingExcluded, superchains, reported).iterator())
                .collect());
        rows.sort(Comparator.comparingInt(Row::index));
        List<ParameterSummary> summary = new ArrayList<>(dims);
        for (Row r : rows) {
            summary.add(r.summary());
        }
        if (summary.size() != dims) {
            throw new IllegalStateException("the summary has " + summary.size() + " rows for " + dims + " parameters.");
        }
        return summary;
    }

    /** One shard's task: its chains' draws, one block per parameter group, read group after group. */
    static Iterator<Tuple2<Integer, Block>> blocks(String directory, String file, int firstChain, int chains, int draws,
                                                   List<int[]> groups) throws IOException {
        Path path = new Path(new Path(directory), file);
        FileSystem fs = path.getFileSystem(new Configuration());
        java.nio.file.Path local;
        boolean copied;
        if (fs instanceof LocalFileSystem local0) {
            local = local0.pathToFile(path).toPath();
            copied = false;
        } else {
            local = Files.createTempFile("langevin-summary-", ".npy");
            fs.copyToLocalFile(false, path, new Path(local.toUri()), true);
            copied = true;
        }
        NpyDraws shard = NpyDraws.open(local);
        int[] all = new int[shard.chains()];
        for (int c = 0; c < all.length; c++) {
            all[c] = c;
        }
        if (shard.chains() != chains || shard.draws() != draws) {
            shard.close();
            throw new IOException(path + " holds " + shard.chains() + " chains x " + shard.draws()
                    + " draws; the manifest says " + chains + " x " + draws + ".");
        }
        return new Iterator<>() {
            int g;

            @Override
            public boolean hasNext() {
                boolean more = g < groups.size();
                if (!more) {
                    close();
                }
                return more;
            }

            @Override
            public Tuple2<Integer, Block> next() {
                if (g >= groups.size()) {
                    throw new NoSuchElementException();
                }
                int[] group = groups.get(g);
                float[][] values = new float[group[1]][chains * draws];
                if (shard.singlePrecision()) {
                    shard.read(group[0], all, 0, all.length, values);
                } else {
                    double[][] wide = new double[group[1]][chains * draws];
                    shard.read(group[0], all, 0, all.length, wide);
                    for (int k = 0; k < wide.length; k++) {
                        for (int i = 0; i < wide[k].length; i++) {
                            values[k][i] = (float) wide[k][i];
                        }
                    }
                }
                return new Tuple2<>(g++, new Block(firstChain, chains, values));
            }

            private void close() {
                try {
                    shard.close();
                    if (copied) {
                        Files.deleteIfExists(local);
                    }
                } catch (IOException ignored) {
                    // a temporary file left behind is not worth failing the task for
                }
            }
        };
    }

    /** One group's task: every chain's draws of its parameters, summarised as one machine does. */
    static List<Row> summarise(int g, Iterable<Block> blocks, int[] group, int chains, int draws, List<String> names,
                               Set<Integer> excluded, int superchains, SparkRun.PlanSource reported) throws Exception {
        List<Block> sorted = new ArrayList<>();
        blocks.forEach(sorted::add);
        sorted.sort(Comparator.comparingInt(Block::firstChain));
        float[][] values = new float[group[1]][chains * draws];
        int chain = 0;
        for (Block b : sorted) {
            if (b.firstChain() != chain) {
                throw new IllegalStateException("parameter group " + g + " has no draws of chains " + chain + " .. "
                        + (b.firstChain() - 1) + ".");
            }
            for (int k = 0; k < group[1]; k++) {
                System.arraycopy(b.values()[k], 0, values[k], chain * draws, b.chains() * draws);
            }
            chain += b.chains();
        }
        if (chain != chains) {
            throw new IllegalStateException("parameter group " + g + " has " + chain + " chains of " + chains + ".");
        }
        DrawSource source = new GroupDraws(values, chains, draws);
        if (reported != null) {
            Target target = reported.plan().target();
            int first = group[0];
            if (target.transformsReports()) {
                source = new ReportedDraws(source, (j, v) -> target.reported(first + j, v));
            }
        }
        List<String> groupNames = names.subList(group[0], group[0] + group[1]);
        List<Row> rows = new ArrayList<>();
        List<ParameterSummary> summary = Summary.of(source, groupNames, excluded, superchains);
        for (int k = 0; k < summary.size(); k++) {
            rows.add(Row.of(group[0] + k, summary.get(k)));
        }
        return rows;
    }

    /** A group's draws in memory: {@code values[k][chain * draws + t]}. */
    static final class GroupDraws implements DrawSource {
        private final float[][] values;
        private final int chains;
        private final int draws;

        GroupDraws(float[][] values, int chains, int draws) {
            this.values = values;
            this.chains = chains;
            this.draws = draws;
        }

        @Override
        public int chains() {
            return chains;
        }

        @Override
        public int draws() {
            return draws;
        }

        @Override
        public int dims() {
            return values.length;
        }

        @Override
        public void read(int dim, int[] chainList, double[] out) {
            for (int i = 0; i < chainList.length; i++) {
                int from = chainList[i] * draws;
                for (int t = 0; t < draws; t++) {
                    out[i * draws + t] = values[dim][from + t];
                }
            }
        }

        @Override
        public boolean readsInGroups() {
            return true;
        }

        @Override
        public boolean singlePrecision() {
            return true;
        }

        @Override
        public void read(int firstDim, int[] chainList, int from, int to, float[][] out) {
            for (int k = 0; k < out.length; k++) {
                for (int i = from; i < to; i++) {
                    System.arraycopy(values[firstDim + k], chainList[i] * draws, out[k], i * draws, draws);
                }
            }
        }

        @Override
        public void read(int firstDim, int[] chainList, int from, int to, double[][] out) {
            for (int k = 0; k < out.length; k++) {
                for (int i = from; i < to; i++) {
                    int at = chainList[i] * draws;
                    for (int t = 0; t < draws; t++) {
                        out[k][i * draws + t] = values[firstDim + k][at + t];
                    }
                }
            }
        }
    }
}
