package dev.langevin.engine.cpu;

import dev.langevin.algorithm.Adam;
import dev.langevin.algorithm.Csgld;
import dev.langevin.algorithm.Mala;
import dev.langevin.algorithm.Psgld;
import dev.langevin.algorithm.Sgd;
import dev.langevin.algorithm.Sghmc;
import dev.langevin.algorithm.Sgnht;
import dev.langevin.algorithm.Sgld;
import dev.langevin.algorithm.UpdateRule;
import dev.langevin.engine.Divergence;
import dev.langevin.engine.DrawSink;
import dev.langevin.engine.Engine;
import dev.langevin.engine.LaunchSchedule;
import dev.langevin.engine.Plan;
import dev.langevin.engine.ReplicaExchange;
import dev.langevin.engine.ProgressListener;
import dev.langevin.engine.RunResult;
import dev.langevin.error.InvalidParameterException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * All cores, SIMD across chains: the chains are cut into blocks of one vector of consecutive
 * chains (16 with AVX-512, 8 with AVX2), the blocks are shared out to worker threads, and a
 * worker advances its block K steps (a launch) while the block's state sits in its L1 cache.
 * The host evaluates the K step sizes and temperatures of each launch (docs/DESIGN.md
 * contract 3), and kept draws are handed to the sink by a separate thread while the next
 * launch runs.
 *
 * <p>Noise is the reference's bit for bit ({@link VectorNoise}); the arithmetic is float, so
 * trajectories agree with the reference within a tolerance that each test states, and do not
 * depend on the number of threads, since every lane computes only its own chain.
 */
public final class CpuEngine implements Engine {
    /** Steps fused per launch unless the draw buffer needs fewer. */
    public static final int DEFAULT_LAUNCH_STEPS = 64;
    /** Bytes of kept draws one launch may buffer (twice: one buffer drains while the other fills). */
    public static final long DRAW_BUFFER_BYTES = 64L << 20;

    private final int threads;
    private final int launchSteps;

    /** One worker per available processor, {@link #DEFAULT_LAUNCH_STEPS} steps per launch. */
    public CpuEngine() {
        this(Runtime.getRuntime().availableProcessors(), DEFAULT_LAUNCH_STEPS);
    }

    /**
     * @param threads     worker threads, at least 1
     * @param launchSteps steps K fused per launch, at least 1
     */
    public CpuEngine(int threads, int launchSteps) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads + ".");
        }
        if (launchSteps < 1) {
            throw new IllegalArgumentException("launch steps must be at least 1, got " + launchSteps + ".");
        }
        this.threads = threads;
        this.launchSteps = launchSteps;
    }

    @Override
    public String name() {
        return "cpu";
    }

    /** Why this engine cannot run a plan, or empty when it can. */
    public static Optional<String> unsupported(Plan plan) {
        if (Rule.of(plan.rule()) == null) {
            return Optional.of("The cpu engine has no kernel for algorithm " + plan.rule().name()
                    + "; use --engine reference.");
        }
        if (!BlockGradient.supports(plan.target(), plan.estimator())) {
            return Optional.of("The cpu engine has no kernel for target " + plan.target().name() + " with the "
                    + plan.estimator().describe() + " gradient; use --engine reference.");
        }
        return Optional.empty();
    }

    @Override
    public RunResult run(Plan plan, DrawSink sink, ProgressListener progress) {
        unsupported(plan).ifPresent(message -> {
            throw new InvalidParameterException("engine", message);
        });
        long start = System.nanoTime();
        long[] swaps = null;
        Shared run = new Shared(plan, fusedSteps(plan));
        int blocks = (plan.chains() + VectorNoise.LANES - 1) / VectorNoise.LANES;
        int workers = Math.min(threads, blocks);
        Worker[] pool = new Worker[workers];
        for (int w = 0; w < workers; w++) {
            pool[w] = new Worker(run);
        }
        ExecutorService compute = Executors.newFixedThreadPool(workers, daemon("langevin-cpu"));
        ExecutorService drain = Executors.newSingleThreadExecutor(daemon("langevin-drain"));
        try {
            parallel(compute, pool, blocks, Worker::initialise);
            float[][][] buffers = {run.newDrawBuffer(), run.newDrawBuffer()};
            swaps = plan.exchange() == null ? null : new long[plan.exchange().rungs() - 1];
            Future<?> draining = null;
            int launch = 0;
            for (int launchStart = 0; launchStart < plan.steps(); launchStart += run.launchLength(launchStart),
                    launch++) {
                float[][] buffer = buffers[launch & 1];
                Launch current = run.launch(launchStart, buffer);
                parallel(compute, pool, blocks, (worker, block) -> worker.advance(block, current));
                int last = launchStart + current.steps().fused() - 1;
                if (plan.exchange() != null && plan.exchange().after(last, plan.steps())) {
                    // every block has finished the launch: the host swaps positions between rungs
                    ReplicaExchange.tally(swaps, plan.exchange().exchange(plan, last, run.state));
                }
                // launch n fills one buffer while launch n - 1's draws drain from the other
                await(draining);
                draining = drain.submit(() -> {
                    for (int k = 0; k < current.steps().keptDraws(); k++) {
                        sink.accept(current.steps().firstDraw() + k, buffer[k], plan.chains(), plan.dim());
                    }
                });
                progress.advanced(launchStart + current.steps().fused(), plan.steps());
            }
            await(draining);
        } finally {
            compute.shutdownNow();
            drain.shutdownNow();
        }
        List<Divergence> divergences = new ArrayList<>();
        for (int c = 0; c < plan.chains(); c++) {
            if (run.divergedAt[c] >= 0) {
                divergences.add(new Divergence(plan.firstChain() + c, run.divergedAt[c]));
            }
        }
        return new RunResult(run.state, divergences, (System.nanoTime() - start) * 1e-9, run.accepted, swaps);
    }

    /** K, lowered until a launch's kept draws fit in {@link #DRAW_BUFFER_BYTES}. */
    int fusedSteps(Plan plan) {
        long drawBytes = 4L * plan.dim() * plan.chains();
        int k = launchSteps;
        while (k > 1 && (long) LaunchSchedule.keptPerLaunch(k, plan.thin()) * drawBytes > DRAW_BUFFER_BYTES) {
            k /= 2;
        }
        return k;
    }

    private static void parallel(ExecutorService pool, Worker[] workers, int blocks, BlockTask task) {
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>(workers.length);
        for (Worker worker : workers) {
            futures.add(pool.submit(() -> {
                for (int block = next.getAndIncrement(); block < blocks; block = next.getAndIncrement()) {
                    task.run(worker, block);
                }
            }));
        }
        for (Future<?> future : futures) {
            await(future);
        }
    }

    private static void await(Future<?> future) {
        if (future == null) {
            return;
        }
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running chains", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @FunctionalInterface
    private interface BlockTask {
        void run(Worker worker, int block);
    }

    /** The update rules this engine has kernels for. */
    enum Rule {
        SGLD, SGD, ADAM, PSGLD, SGHMC, SGNHT, MALA;

        static Rule of(UpdateRule rule) {
            return switch (rule) {
                // csgld is SGLD whose noise scale the host sets to 0 in exploration stages
                case Sgld s -> SGLD;
                case Csgld c -> SGLD;
                case Sgd s -> SGD;
                case Adam a -> ADAM;
                case Psgld p -> PSGLD;
                case Sghmc h -> SGHMC;
                case Sgnht h -> SGNHT;
                case Mala m -> MALA;
                default -> null;
            };
        }
    }

    /** What every worker reads or writes during a run: the plan, the chains' state, divergences. */
    static final class Shared {
        final Plan plan;
        final Rule rule;
        final int launchSteps;
        final float[] state;
        final float[][] auxiliary;
        /** The rule's per-chain scalars, one array of chains each. */
        final float[][] scalars;
        final int[] divergedAt;
        /** Accepted proposals per chain after burn-in (mala), else null. */
        final int[] accepted;

        Shared(Plan plan, int launchSteps) {
            this.plan = plan;
            this.rule = Rule.of(plan.rule());
            this.launchSteps = launchSteps;
            int size = plan.dim() * plan.chains();
            this.state = new float[size];
            this.auxiliary = new float[plan.rule().auxiliaryVectors()][size];
            this.scalars = new float[plan.rule().scalars()][plan.chains()];
            this.divergedAt = new int[plan.chains()];
            Arrays.fill(divergedAt, -1);
            this.accepted = plan.rule().state().acceptTest() ? new int[plan.chains()] : null;
        }

        float[][] newDrawBuffer() {
            int kept = Math.min(LaunchSchedule.keptPerLaunch(launchSteps, plan.thin()), plan.draws());
            return new float[kept][plan.dim() * plan.chains()];
        }

        /** A launch of K steps from launchStart, its kept draws going to buffer. */
        /** Steps of the launch from launchStart: up to K, ending where an exchange is due. */
        int launchLength(int launchStart) {
            return plan.launchLength(launchStart, launchSteps);
        }

        Launch launch(int launchStart, float[][] buffer) {
            int fused = launchLength(launchStart);
            return new Launch(LaunchSchedule.of(plan, launchStart, fused), buffer);
        }
    }

    /**
     * One launch: the host-computed values of its K steps and the buffer its kept draws go to.
     *
     * @param steps      the launch's schedule
     * @param drawBuffer one state per kept draw
     */
    record Launch(LaunchSchedule steps, float[][] drawBuffer) {
    }
}
