package dev.langevin.engine.cpu;

import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.Sgld;
import dev.langevin.engine.InitialState;
import dev.langevin.engine.Plan;
import dev.langevin.schedule.Constant;
import dev.langevin.target.Params;
import dev.langevin.target.Target;
import dev.langevin.target.Targets;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Figure: SGLD coordinate-steps per second per thread, read from the {@code coordinateSteps}
 * counter's rate, of the cpu engine's step alone: one worker advancing one block of chains
 * (one vector of them) through launches of {@link CpuEngine#DEFAULT_LAUNCH_STEPS} steps, the
 * last step's state kept, without the run around it (starting points, thread pool, buffers).
 * Against {@link NoiseBenchmark}'s normals per second it shows what the gradient, the update
 * and the bookkeeping add to the noise. In this package because Worker is the engine's own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class BlockStepBenchmark {
    @Param({"gaussian"})
    public String target;

    @Param({"100"})
    public int dims;

    /** 0 turns the Langevin noise off, leaving the gradient, the update and the bookkeeping. */
    @Param({"1"})
    public double temperature;

    private Worker worker;
    private CpuEngine.Launch launch;
    private int steps;

    /** Counts work done, so JMH reports its rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Work {
        public long coordinateSteps;

        @Setup(Level.Iteration)
        public void reset() {
            coordinateSteps = 0;
        }
    }

    @Setup
    public void setUp() throws Exception {
        Target t = Targets.create(target, new Targets.Request(dims, Params.empty(), null, 1));
        steps = CpuEngine.DEFAULT_LAUNCH_STEPS;
        // one block of chains; burn-in = steps - 1 keeps the launch's last state
        Plan plan = new Plan(t, new FullGradient(), new Sgld(), new Constant(1e-3), temperature, VectorNoise.LANES, 0, steps,
                steps - 1, 1, new InitialState.Normal(0, 1), 1);
        CpuEngine.Shared run = new CpuEngine.Shared(plan, steps);
        worker = new Worker(run);
        worker.initialise(0);
        launch = run.launch(0, run.newDrawBuffer());
    }

    @Benchmark
    public Worker launch(Work work) {
        worker.advance(0, launch);
        work.coordinateSteps += (long) VectorNoise.LANES * steps * dims;
        return worker;
    }
}
