package dev.langevin.diagnostics;

import dev.langevin.error.ResourceLimitException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Per-parameter summaries of a run's draws. Chains listed as divergent are left out, so one
 * chain that blew up never poisons the summaries of the others (docs/DESIGN.md contract 5);
 * nested R-hat uses only superchains with no divergent chain.
 *
 * <p>Parameters are summarised in parallel, one {@link ParameterWorkspace} per worker thread.
 * A file-backed source is read a group of parameters per pass over the file, the group as
 * large as memory allows (see {@link #layout}), so that a draws file larger than memory is
 * read a few times in order rather than once per parameter.
 */
public final class Summary {
    /** Fraction of the free heap the summary plans to use. */
    public static final double MEMORY_FRACTION = 0.85;

    private Summary() {
    }

    /**
     * How the summary will use memory.
     *
     * @param workers        parameters summarised at once (0: even one does not fit)
     * @param group          parameters read per pass over a file-backed source
     * @param bytes          bytes the plan uses
     * @param minimumBytes   bytes the smallest plan (one worker, one parameter) needs
     */
    public record Layout(int workers, int group, long bytes, long minimumBytes) {
        /** Whether the summary fits. */
        public boolean fits() {
            return workers > 0;
        }
    }

    /**
     * Plans the summary's memory: each worker holds {@link ParameterWorkspace#BYTES_PER_VALUE}
     * bytes per value of one parameter, the normal-score table 16 (whole and half ranks), and a group read from a file
     * 4 (float32) or 8 bytes per value per parameter. More workers are used only while each can
     * still have one parameter of a pass of at least four per worker.
     *
     * @param chains    chains summarised
     * @param draws     draws per chain
     * @param dims      parameters
     * @param grouped   whether parameters are read in groups ({@link DrawSource#readsInGroups})
     * @param single    whether the group is held as floats
     * @param available bytes that may be used
     * @param cores     processors
     */
    public static Layout layout(int chains, int draws, int dims, boolean grouped, boolean single, long available,
                                int cores) {
        long values = (long) chains * draws;
        long table = 2L * Double.BYTES * values; // scores of ranks 1, 1.5, 2, ...
        long perWorker = ParameterWorkspace.BYTES_PER_VALUE * values + 64L * chains + (64L << 10);
        long perParameter = grouped ? (single ? Float.BYTES : Double.BYTES) * values : 0;
        long minimum = table + perWorker + perParameter;
        if (values > Integer.MAX_VALUE - 8) {
            return new Layout(0, 0, minimum, minimum);
        }
        for (int workers = Math.max(1, Math.min(cores, dims)); workers >= 1; workers--) {
            long rest = available - table - workers * perWorker;
            if (rest < 0) {
                continue;
            }
            int group = perParameter == 0 ? dims : (int) Math.min(dims, rest / perParameter);
            if (group >= Math.min(dims, workers == 1 ? 1 : 4 * workers)) {
                return new Layout(workers, group, table + workers * perWorker + group * perParameter, minimum);
            }
        }
        return new Layout(0, 0, minimum, minimum);
    }

    /** Bytes the summary may use now: a fraction of the heap not in use. */
    public static long availableBytes() {
        Runtime runtime = Runtime.getRuntime();
        return (long) ((runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory())) * MEMORY_FRACTION);
    }

    /** As {@link #of(DrawSource, List, Set, int, IntConsumer)} without progress. */
    public static List<ParameterSummary> of(DrawSource draws, List<String> names, Set<Integer> excludedChains,
                                            int superchains) {
        return of(draws, names, excludedChains, superchains, done -> { });
    }

    /**
     * @param draws          the kept draws
     * @param names          one name per parameter
     * @param excludedChains chain indices to leave out
     * @param superchains    number of superchains K (consecutive groups of C / K chains), or 0 for none
     * @param progress       told the number of parameters finished, as they finish
     * @throws IllegalArgumentException when even one parameter at a time does not fit in memory
     */
    public static List<ParameterSummary> of(DrawSource draws, List<String> names, Set<Integer> excludedChains,
                                            int superchains, IntConsumer progress) {
        int[] kept = IntStream.range(0, draws.chains()).filter(c -> !excludedChains.contains(c)).toArray();
        int dims = draws.dims();
        ParameterSummary[] rows = new ParameterSummary[dims];
        if (kept.length == 0) {
            double nan = Double.NaN;
            for (int j = 0; j < dims; j++) {
                rows[j] = new ParameterSummary(names.get(j), nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, 0);
            }
            return new ArrayList<>(List.of(rows));
        }
        int[][] nested = nestedLayout(draws.chains(), kept, excludedChains, superchains);
        int[] nestedPositions = nested == null ? null : nested[0];
        int[] nestedGroups = nested == null ? null : nested[1];

        int n = draws.draws();
        boolean grouped = draws.readsInGroups();
        boolean single = grouped && draws.singlePrecision();
        int cores = Runtime.getRuntime().availableProcessors();
        Layout layout = layout(kept.length, n, dims, grouped, single, availableBytes(), cores);
        if (!layout.fits() || layout.workers() < Math.min(cores, dims)) {
            System.gc();
            layout = layout(kept.length, n, dims, grouped, single, availableBytes(), cores);
        }
        if (!layout.fits()) {
            throw new ResourceLimitException(java.util.List.of("thin", "chains", "steps"), String.format(Locale.ROOT,
                    "Summarising %d chains x %d draws per parameter needs %.1f GB of memory but %.1f GB is free; "
                            + "give Java more memory (LANGEVIN_JAVA_OPTS=-Xmx...) or summarise fewer draws.",
                    kept.length, n, layout.minimumBytes() / 1e9, availableBytes() / 1e9));
        }
        int workers = layout.workers();
        int group = layout.group();
        int size = kept.length * n;
        ParameterWorkspace[] spaces = new ParameterWorkspace[workers];
        float[][] floatGroup = single ? new float[group][size] : null;
        double[][] doubleGroup = grouped && !single ? new double[group][size] : null;
        AtomicInteger finished = new AtomicInteger();
        for (int first = 0; first < dims; first += group) {
            int count = Math.min(group, dims - first);
            int start = first;
            if (grouped) {
                int slice = (kept.length + workers - 1) / workers;
                inParallel(workers, w -> {
                    int from = Math.min(kept.length, w * slice);
                    int to = Math.min(kept.length, from + slice);
                    try {
                        if (single) {
                            draws.read(start, kept, from, to, Arrays.copyOf(floatGroup, count));
                        } else {
                            draws.read(start, kept, from, to, Arrays.copyOf(doubleGroup, count));
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            AtomicInteger next = new AtomicInteger();
            inParallel(workers, w -> {
                if (spaces[w] == null) {
                    spaces[w] = new ParameterWorkspace(kept.length, n);
                }
                ParameterWorkspace space = spaces[w];
                for (int k = next.getAndIncrement(); k < count; k = next.getAndIncrement()) {
                    int j = start + k;
                    if (single) {
                        space.load(floatGroup[k]);
                    } else if (grouped) {
                        space.load(doubleGroup[k]);
                    } else {
                        try {
                            draws.read(j, kept, space.values());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    rows[j] = space.summarise(names.get(j), nestedPositions, nestedGroups);
                    progress.accept(finished.incrementAndGet());
                }
            });
        }
        return new ArrayList<>(List.of(rows));
    }

    /**
     * Positions among the kept chains of the chains whose whole superchain is kept, and the
     * superchain of each; null without superchains or with fewer than two whole superchains.
     */
    private static int[][] nestedLayout(int chains, int[] kept, Set<Integer> excluded, int superchains) {
        if (superchains <= 0) {
            return null;
        }
        int size = Superchains.size(chains, superchains);
        int[] positions = IntStream.range(0, kept.length)
                .filter(i -> {
                    int c = kept[i];
                    return IntStream.range(c / size * size, (c / size + 1) * size).noneMatch(excluded::contains);
                })
                .toArray();
        int[] groups = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            groups[i] = i / size;
        }
        if (groups.length == 0 || groups[groups.length - 1] == 0) {
            return null;
        }
        return new int[][] {positions, groups};
    }

    /** Runs task(w) for w = 0 .. workers-1 on that many threads and waits; rethrows the first failure. */
    private static void inParallel(int workers, IntConsumer task) {
        if (workers == 1) {
            task.accept(0);
            return;
        }
        Throwable[] failure = new Throwable[1];
        Thread[] threads = new Thread[workers];
        for (int w = 0; w < workers; w++) {
            int worker = w;
            threads[w] = Thread.ofPlatform().name("summary-" + w).start(() -> {
                try {
                    task.accept(worker);
                } catch (Throwable e) {
                    synchronized (failure) {
                        if (failure[0] == null) {
                            failure[0] = e;
                        }
                    }
                }
            });
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while summarising", e);
            }
        }
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
    }
}
