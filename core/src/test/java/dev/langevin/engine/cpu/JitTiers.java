package dev.langevin.engine.cpu;

import dev.langevin.TestData;
import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.algorithm.Sgld;
import dev.langevin.engine.InMemoryDraws;
import dev.langevin.engine.InitialState;
import dev.langevin.engine.Plan;
import dev.langevin.engine.Plans;
import dev.langevin.engine.ProgressListener;
import dev.langevin.schedule.Constant;
import dev.langevin.target.Params;
import dev.langevin.target.Targets;

import java.util.List;
import java.util.zip.CRC32;

/**
 * Prints a checksum of the cpu engine's draws for plans that exercise every function of
 * {@link VectorMath}; {@code CpuEngineTest} runs it in a JVM that only interprets and compares
 * with the same checksum computed after the JIT has compiled everything.
 */
public final class JitTiers {
    private JitTiers() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(checksum());
    }

    static List<Plan> plans() throws Exception {
        return List.of(
                Plans.plan(Targets.create("ackley", new Targets.Request(3, Params.empty(), null, 1)), new FullGradient(),
                        new Sgld(), new Constant(0.01), 1, 33, 40, 0, 1, new InitialState.Uniform(-3, 3), 5),
                Plans.plan(Targets.create("mixture", new Targets.Request(2, Params.empty(), null, 1)), new FullGradient(),
                        new Sgld(), new Constant(0.05), 1, 33, 40, 0, 1, new InitialState.Uniform(-3, 3), 6),
                Plans.plan(Targets.create("logistic-regression",
                                new Targets.Request(0, Params.empty(), TestData.breastCancer(), 5)),
                        new MinibatchGradient(8, false), new Sgld(), new Constant(1e-3), 1, 33, 25, 0, 1,
                        new InitialState.Normal(0, 1), 7));
    }

    static long checksum() throws Exception {
        CRC32 crc = new CRC32();
        for (Plan plan : plans()) {
            InMemoryDraws draws = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
            new CpuEngine(1, 4).run(plan, draws, ProgressListener.NONE);
            for (float value : draws.values()) {
                int bits = Float.floatToRawIntBits(value);
                crc.update(new byte[] {(byte) bits, (byte) (bits >>> 8), (byte) (bits >>> 16), (byte) (bits >>> 24)});
            }
        }
        return crc.getValue();
    }
}
