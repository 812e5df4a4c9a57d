package dev.langevin.engine.cpu;

import dev.langevin.rng.Stream;

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
 * Figure: standard normals per second per thread, read from the {@code normals} counter's rate,
 * of the cpu engine's own noise ({@link VectorNoise}: Philox4x32-10 and Box-Muller on one vector
 * of chains) with nothing else around it. Each invocation draws the Langevin noise of one step
 * of one block of chains, {@code dims} coordinates, as the engine's SGLD step does. This rate
 * times the worker threads is the floor of the engine's SGLD coordinate-steps per second, since
 * every coordinate-step takes one normal; run it with {@code -t 2} to see two threads share the
 * cores. In this package because VectorNoise is the engine's own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class NoiseBenchmark {
    @Param({"100"})
    public int dims;

    private VectorNoise noise;
    private float[] normals;
    private int step;

    /** Counts normals drawn, so JMH reports their rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Work {
        public long normals;

        @Setup(Level.Iteration)
        public void reset() {
            normals = 0;
        }
    }

    @Setup
    public void setUp() {
        noise = new VectorNoise(1);
        normals = new float[VectorNoise.normalsLength(dims)];
    }

    @Benchmark
    public float[] normals(Work work) {
        noise.normals(0, step++, Stream.LANGEVIN_NOISE.id(), dims, normals);
        work.normals += (long) dims * VectorNoise.LANES;
        return normals;
    }
}
