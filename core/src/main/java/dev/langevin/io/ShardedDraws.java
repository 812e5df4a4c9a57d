package dev.langevin.io;

import dev.langevin.diagnostics.DrawSource;
import dev.langevin.error.InputFileException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The draws of a sharded run directory (as langevin-spark writes it): {@code manifest.json}
 * listing {@code shards/*.npy} files of shape (chains of the range, draws, dims), read as one
 * (chains, draws, dims) source whose chains are the shards' chains laid end to end in the
 * manifest's order. Each shard is memory-mapped as {@link NpyDraws} maps draws.npy.
 */
public final class ShardedDraws implements DrawSource, AutoCloseable {
    /** The manifest's file name in a sharded run directory. */
    public static final String MANIFEST = "manifest.json";
    /** The manifest's {@code format} this reads. */
    public static final String FORMAT = "langevin-shards-1";

    private final List<NpyDraws> shards;
    /** first[s]: the global index of shard s's first chain; first[shards] = chains. */
    private final int[] first;
    /** shardOf[c]: the shard that holds global chain c. */
    private final int[] shardOf;
    private final int draws;
    private final int dims;
    private final boolean single;

    private ShardedDraws(List<NpyDraws> shards) {
        this.shards = shards;
        first = new int[shards.size() + 1];
        for (int s = 0; s < shards.size(); s++) {
            first[s + 1] = first[s] + shards.get(s).chains();
        }
        shardOf = new int[first[shards.size()]];
        for (int s = 0; s < shards.size(); s++) {
            for (int c = first[s]; c < first[s + 1]; c++) {
                shardOf[c] = s;
            }
        }
        draws = shards.get(0).draws();
        dims = shards.get(0).dims();
        single = shards.stream().allMatch(NpyDraws::singlePrecision);
    }

    /** Whether {@code dir} is a directory holding a manifest.json (a sharded run). */
    public static boolean isSharded(Path dir) {
        return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve(MANIFEST));
    }

    /**
     * Opens the shards listed by {@code dir/manifest.json}.
     *
     * @throws InputFileException naming the manifest or shard when either is missing, unreadable
     *                            or inconsistent (shards of different shapes, chain ranges that do not
     *                            follow one another, a chain count other than the manifest's)
     */
    public static ShardedDraws open(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        Map<String, Object> record;
        try {
            record = RunJson.read(manifest);
        } catch (IOException e) {
            throw new InputFileException(manifest, manifest + " cannot be read as JSON: " + firstLine(e) + ".", e);
        }
        if (record.get("format") != null && !FORMAT.equals(record.get("format"))) {
            throw new InputFileException(manifest, manifest + " is of format " + record.get("format") + "; this reads "
                    + FORMAT + ".");
        }
        if (!(record.get("shards") instanceof List<?> listed) || listed.isEmpty()) {
            throw new InputFileException(manifest, manifest + " lists no shards.");
        }
        List<NpyDraws> shards = new ArrayList<>();
        try {
            int chains = 0;
            for (Object entry : listed) {
                if (!(entry instanceof Map<?, ?> shard) || !(shard.get("file") instanceof String name)) {
                    throw new InputFileException(manifest, manifest + " has a shard without a file name.");
                }
                Path file = dir.resolve(name);
                NpyDraws draws = NpyDraws.open(file);
                shards.add(draws);
                if (shard.get("first_chain") instanceof Number firstChain && firstChain.intValue() != chains) {
                    throw new InputFileException(manifest, manifest + " says " + name + " starts at chain "
                            + firstChain + ", but the shards before it hold " + chains + " chains.");
                }
                if (shard.get("chains") instanceof Number count && count.intValue() != draws.chains()) {
                    throw new InputFileException(file, manifest + " says " + name + " holds " + count + " chains, but "
                            + file + " holds " + draws.chains() + ".");
                }
                NpyDraws head = shards.get(0);
                if (draws.draws() != head.draws() || draws.dims() != head.dims()) {
                    throw new InputFileException(file, file + " has " + draws.draws() + " draws x " + draws.dims()
                            + " parameters per chain, but the first shard has " + head.draws() + " x " + head.dims() + ".");
                }
                chains += draws.chains();
            }
            if (record.get("chains") instanceof Number total && total.intValue() != chains) {
                throw new InputFileException(manifest, manifest + " says the run has " + total + " chains, but its shards "
                        + "hold " + chains + ".");
            }
            if (chains == 0) {
                throw new InputFileException(manifest, manifest + "'s shards hold no chains.");
            }
            return new ShardedDraws(List.copyOf(shards));
        } catch (RuntimeException e) {
            for (NpyDraws s : shards) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // the error that made us close it is the one to report
                }
            }
            throw e;
        }
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    /** The number of shards. */
    public int shards() {
        return shards.size();
    }

    @Override
    public int chains() {
        return shardOf.length;
    }

    @Override
    public int draws() {
        return draws;
    }

    @Override
    public int dims() {
        return dims;
    }

    @Override
    public boolean readsInGroups() {
        return true;
    }

    @Override
    public boolean singlePrecision() {
        return single;
    }

    @Override
    public void read(int dim, int[] chainList, double[] out) throws IOException {
        read(dim, chainList, 0, chainList.length, new double[][] {out});
    }

    @Override
    public void read(int firstDim, int[] chainList, int from, int to, float[][] out) {
        if (!single) {
            throw new UnsupportedOperationException("not a float32 source");
        }
        int[] local = new int[chainList.length];
        for (int i = from; i < to; ) {
            int s = shardOf[chainList[i]];
            int end = run(chainList, i, to, s, local);
            shards.get(s).read(firstDim, local, i, end, out);
            i = end;
        }
    }

    @Override
    public void read(int firstDim, int[] chainList, int from, int to, double[][] out) {
        int[] local = new int[chainList.length];
        for (int i = from; i < to; ) {
            int s = shardOf[chainList[i]];
            int end = run(chainList, i, to, s, local);
            shards.get(s).read(firstDim, local, i, end, out);
            i = end;
        }
    }

    /**
     * The end of the run of positions from {@code i} whose chains are all in shard {@code s},
     * with those chains' indices within the shard set in {@code local} at the same positions
     * (shards write {@code out} by position, so a shard reads its run in place).
     */
    private int run(int[] chainList, int i, int to, int s, int[] local) {
        int end = i;
        while (end < to && shardOf[chainList[end]] == s) {
            local[end] = chainList[end] - first[s];
            end++;
        }
        return end;
    }

    /** Closes the shards' files; the mapped draws stay readable. */
    @Override
    public void close() throws IOException {
        for (NpyDraws s : shards) {
            s.close();
        }
    }
}
