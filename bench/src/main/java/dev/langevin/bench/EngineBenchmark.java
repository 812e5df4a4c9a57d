package dev.langevin.bench;

import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.Sgld;
import dev.langevin.engine.Engine;
import dev.langevin.engine.Engines;
import dev.langevin.engine.InitialState;
import dev.langevin.engine.Plan;
import dev.langevin.engine.ProgressListener;
import dev.langevin.engine.RunResult;
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
 * Figure: SGLD coordinate-steps per second (chains x steps x dims advanced per second), read
 * from the {@code coordinateSteps} counter's rate. Each invocation is one short run of
 * {@code steps} steps, keeping no draws, through the engine named by {@code engine}; a run's
 * fixed costs (its starting points, its threads and buffers) weigh less as {@code steps} grows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class EngineBenchmark {
    @Param({"reference", "cpu", "opencl"})
    public String engine;

    @Param({"gaussian", "ackley"})
    public String target;

    @Param({"100"})
    public int dims;

    @Param({"1024"})
    public int chains;

    /** Steps per invocation. */
    @Param({"20"})
    public int steps;

    /** 0 turns the Langevin noise off (the cpu engine then skips Philox and Box-Muller), showing its cost. */
    @Param({"1"})
    public double temperature;

    private Engine runner;
    private Plan plan;

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
        // burn-in = steps - 1 keeps one draw, which the empty sink drops
        plan = new Plan(t, new FullGradient(), new Sgld(), new Constant(1e-3), temperature, chains, 0, steps, steps - 1, 1,
                new InitialState.Normal(0, 1), 1);
        runner = Engines.forPlan(engine, plan);
    }

    @Benchmark
    public RunResult sgld(Work work) {
        RunResult result = runner.run(plan, (draw, state, c, d) -> { }, ProgressListener.NONE);
        work.coordinateSteps += (long) chains * steps * dims;
        return result;
    }
}
