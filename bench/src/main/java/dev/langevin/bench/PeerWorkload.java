package dev.langevin.bench;

import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.algorithm.Sgld;
import dev.langevin.data.CsvData;
import dev.langevin.engine.Engine;
import dev.langevin.engine.Engines;
import dev.langevin.engine.InitialState;
import dev.langevin.engine.Plan;
import dev.langevin.engine.ProgressListener;
import dev.langevin.schedule.Constant;
import dev.langevin.target.Params;
import dev.langevin.target.Target;
import dev.langevin.target.Targets;

import java.nio.file.Path;
import java.util.Locale;

/**
 * One workload of {@code scripts/compare-peers} on one engine: SGLD with a constant step size,
 * every chain advanced {@code steps} steps per run, no draws kept. After one warm-up run (which
 * lets the JIT compile the kernels) runs repeat until at least {@code seconds} have passed, and
 * the line printed is {@code coordinate-steps/s} over those runs, the figure the Python peers
 * print too. Arguments: engine workload chains steps seconds, with workload one of
 * {@code gaussian} (d = 100), {@code ackley} (d = 2), {@code logistic} (breast cancer, d = 31,
 * per-chain minibatches of 32 rows) or {@code mlp} (the digits, standardised, through a tanh MLP
 * 64-50-10, d = 3760, prior sd 1, per-chain minibatches of 32 rows; examples/s is coordinate-steps/s
 * x 32 / 3760). An optional sixth argument is the temperature (default 1); at 0 the engines draw no
 * noise, which leaves the gradient and the update, for the gradient's share of the time.
 */
public final class PeerWorkload {
    private PeerWorkload() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--has-opencl")) {
            System.out.println(dev.langevin.engine.opencl.OpenCl.devices().isEmpty() ? "no" : "yes");
            return;
        }
        String engineName = args[0];
        String workload = args[1];
        int chains = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        double seconds = Double.parseDouble(args[4]);
        double temperature = args.length > 5 ? Double.parseDouble(args[5]) : 1;
        Plan plan = plan(workload, chains, steps, temperature);
        Engine engine = Engines.forPlan(engineName, plan);
        engine.run(plan, (draw, state, c, d) -> { }, ProgressListener.NONE);
        long start = System.nanoTime();
        long runs = 0;
        do {
            engine.run(plan, (draw, state, c, d) -> { }, ProgressListener.NONE);
            runs++;
        } while ((System.nanoTime() - start) * 1e-9 < seconds);
        double elapsed = (System.nanoTime() - start) * 1e-9;
        double coordinateSteps = (double) runs * chains * steps * plan.dim();
        System.out.printf(Locale.ROOT, "%.6e%n", coordinateSteps / elapsed);
    }

    static Plan plan(String workload, int chains, int steps, double temperature) throws Exception {
        Target target;
        GradientEstimator estimator = new FullGradient();
        double stepSize;
        switch (workload) {
            case "gaussian" -> {
                target = Targets.create("gaussian", new Targets.Request(100, Params.empty(), null, 1));
                stepSize = 1e-2;
            }
            case "ackley" -> {
                target = Targets.create("ackley", new Targets.Request(2, Params.empty(), null, 1));
                stepSize = 1e-2;
            }
            case "logistic" -> {
                var data = CsvData.load(Path.of("data/breast_cancer.csv"), 1, -1).standardize();
                target = Targets.create("logistic-regression", new Targets.Request(0, Params.empty(), data, 1));
                estimator = new MinibatchGradient(32, false);
                stepSize = 1e-4;
            }
            case "mlp" -> {
                var data = CsvData.load(Path.of("data/digits.csv.gz"), 0, -1).standardize();
                target = Targets.create("mlp", new Targets.Request(0, Params.parse("hidden=50"), data, 1));
                estimator = new MinibatchGradient(32, false);
                stepSize = 1e-4;
            }
            default -> throw new IllegalArgumentException("unknown workload " + workload);
        }
        // burn-in = steps - 1 keeps one draw, which the empty sink drops; the MLP starts near 0, where the
        // tanh units are not saturated
        InitialState init = workload.equals("mlp") ? new InitialState.Normal(0, 0.1) : new InitialState.Normal(0, 1);
        return new Plan(target, estimator, new Sgld(), new Constant(stepSize), temperature, chains, 0, steps, steps - 1, 1,
                init, 1);
    }
}
