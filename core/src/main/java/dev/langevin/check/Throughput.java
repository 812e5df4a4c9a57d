package dev.langevin.check;

import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.algorithm.Sgld;
import dev.langevin.data.CsvData;
import dev.langevin.engine.DrawSink;
import dev.langevin.engine.Engine;
import dev.langevin.engine.EngineProvider;
import dev.langevin.engine.Engines;
import dev.langevin.engine.InitialState;
import dev.langevin.engine.Plan;
import dev.langevin.engine.ProgressListener;
import dev.langevin.engine.opencl.OpenCl;
import dev.langevin.error.LangevinException;
import dev.langevin.schedule.Constant;
import dev.langevin.target.Params;
import dev.langevin.target.Target;
import dev.langevin.target.Targets;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An engine's SGLD throughput on one device (the opencl engine's unless {@code --engine} names
 * another that fuses steps, such as tornadovm), against two ceilings measured by OpenCL probes on
 * the same device in the same run ({@link DeviceProbes}; with another engine, on the OpenCL device
 * {@code --probe-device}, which should be the same GPU):
 * <ul>
 *   <li>K = 1 (one step per launch): memory bandwidth. A step must at least read and write each
 *       coordinate once, {@value #BYTES_PER_COORDINATE_STEP} bytes, so the ceiling is
 *       copy bandwidth / 8 coordinate-steps per second.</li>
 *   <li>K &gt; 1 (fused steps; the state stays in registers or cache): arithmetic. Each
 *       coordinate-step needs a standard normal: Philox4x32-10 gives four 32-bit words per
 *       block in 10 rounds of 2 mul_hi, 2 multiplications and 4 xor, plus 9 key bumps of 2
 *       additions, 98 integer operations per 4 coordinates ({@value #INT32_OPS_PER_COORDINATE}
 *       per coordinate); Box-Muller needs per pair of normals a log (or log1p), a sqrt, a
 *       sinpi and a cospi, counted as 10 float operations each, and 8 more for the
 *       uniform conversions, the factor -2, the two products and the update's two fma: 48 per
 *       pair, {@value #FP32_OPS_PER_COORDINATE} per coordinate. The ceiling is
 *       min(INT32 rate / 24.5, FP32 rate / 24) coordinate-steps per second (integer and float
 *       pipes overlapping perfectly), the rates measured by the probes. The target's own
 *       gradient is not counted, so for the regression this is a ceiling on the noise alone.</li>
 * </ul>
 * Rates are steady-state: each cell times a run of S1 steps and one of S2 steps (S2 - S1 long
 * enough to take {@code --seconds}) and divides chains x d x (S2 - S1) by the difference of the
 * times, so compiling the kernel, computing starting points on the host and moving state in and
 * out do not count; per-launch costs (the host's step sizes, the launch) do.
 *
 * <pre>
 * java -cp langevin-all.jar dev.langevin.check.Throughput [--engine opencl] [--device N] [--probe-device N]
 *     [--chains 4096,65536,1048576]
 *     [--launch-steps 1,64] [--workloads gaussian,ackley,logistic,mlp] [--seconds 1] [--probe-mib 256]
 *     [--data DIR] [--csv FILE]
 * </pre>
 */
public final class Throughput {
    static final int BYTES_PER_COORDINATE_STEP = 8;
    static final double INT32_OPS_PER_COORDINATE = 24.5;
    static final double FP32_OPS_PER_COORDINATE = 24;

    private Throughput() {
    }

    /** A workload: its target, gradient and step size, as {@code scripts/compare-peers} and bench/peers run it. */
    record Workload(String name, Target target, GradientEstimator estimator, double stepSize, double startValue) {
        Workload(String name, Target target, GradientEstimator estimator, double stepSize) {
            this(name, target, estimator, stepSize, 0.5);
        }

        Plan plan(int chains, int steps) {
            // burn-in steps - 1: one draw is kept, which the empty sink drops. Every chain starts at (0.5, ..., 0.5)
            // (the MLP at 0.05, where its tanh units are not saturated), which the host fills faster than it draws a
            // million normal starting points for each timed run
            double[] start = new double[target.dim()];
            Arrays.fill(start, startValue);
            return new Plan(target, estimator, new Sgld(), new Constant(stepSize), 1, chains, 0, steps, steps - 1, 1,
                    new InitialState.Point(start), 1);
        }
    }

    static Workload workload(String name, Path data) throws Exception {
        return switch (name) {
            case "gaussian" -> new Workload(name + " d=100",
                    Targets.create("gaussian", new Targets.Request(100, Params.empty(), null, 1)), new FullGradient(), 1e-2);
            case "ackley" -> new Workload(name + " d=2",
                    Targets.create("ackley", new Targets.Request(2, Params.empty(), null, 1)), new FullGradient(), 1e-2);
            case "logistic" -> new Workload("logistic d=31 batch 32", Targets.create("logistic-regression",
                    new Targets.Request(0, Params.empty(), CsvData.load(data.resolve("breast_cancer.csv"), 1, -1)
                            .standardize(), 1)), new MinibatchGradient(32, false), 1e-4);
            case "mlp" -> new Workload("mlp 64-50-10 d=3760 batch 32", Targets.create("mlp",
                    new Targets.Request(0, Params.parse("hidden=50"), CsvData.load(data.resolve("digits.csv.gz"), 0, -1)
                            .standardize(), 1)), new MinibatchGradient(32, false), 1e-4, 0.05);
            default -> throw new IllegalArgumentException("unknown workload " + name
                    + " (gaussian, ackley, logistic or mlp)");
        };
    }

    public static void main(String[] args) throws Exception {
        String engineName = "opencl";
        int device = 0;
        Integer probeDevice = null;
        int[] chainCounts = {4096, 65536, 1048576};
        int[] launchSteps = {1, 64};
        List<String> workloads = List.of("gaussian", "ackley", "logistic");
        double seconds = 1;
        long probeBytes = 256L << 20;
        Path data = Path.of("data");
        Path csv = null;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                usage("missing value after " + args[i]);
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--engine" -> engineName = value;
                case "--device" -> device = Integer.parseInt(value);
                case "--probe-device" -> probeDevice = Integer.parseInt(value);
                case "--chains" -> chainCounts = ints(value);
                case "--launch-steps" -> launchSteps = ints(value);
                case "--workloads" -> workloads = List.of(value.split(","));
                case "--seconds" -> seconds = Double.parseDouble(value);
                case "--probe-mib" -> probeBytes = Long.parseLong(value) << 20;
                case "--data" -> data = Path.of(value);
                case "--csv" -> csv = Path.of(value);
                default -> usage("unknown argument " + args[i]);
            }
        }
        EngineProvider provider = Engines.provider(engineName).orElse(null);
        if (provider == null) {
            System.out.println("throughput: no engine " + engineName + " here (" + String.join(", ", Engines.names()) + ").");
            System.exit(1);
            return;
        }
        int openClDevice = probeDevice != null ? probeDevice : device;
        OpenCl.Device dev;
        try {
            dev = OpenCl.device(openClDevice);
            provider.create(device, 1); // says which device is missing before any work
        } catch (LangevinException e) {
            System.out.println("throughput: " + e.getMessage());
            System.exit(1);
            return;
        }
        PrintStream out = System.out;
        double bandwidth;
        double int32;
        double fp32;
        try (DeviceProbes probes = new DeviceProbes(openClDevice, Math.min(0.2, seconds / 4))) {
            bandwidth = probes.copyBandwidth(probeBytes);
            int32 = probes.int32Rate();
            fp32 = probes.fp32Rate();
        }
        double memoryCeiling = bandwidth / BYTES_PER_COORDINATE_STEP;
        double arithmeticCeiling = Math.min(int32 / INT32_OPS_PER_COORDINATE, fp32 / FP32_OPS_PER_COORDINATE);
        if (!engineName.equals("opencl")) {
            out.printf(Locale.ROOT, "Engine %s on its device %d; the ceilings are of OpenCL device %d.%n", engineName, device,
                    openClDevice);
        }
        out.printf(Locale.ROOT, "Device %d: %s (%s, %d compute units, %.1f GB).%n%n", dev.index(), dev.name(),
                dev.platformName(), dev.computeUnits(), dev.globalMemory() / 1e9);
        out.println("| probe | measured | ceiling it gives |");
        out.println("|---|---:|---|");
        out.printf(Locale.ROOT, "| copy kernel, %d MiB read + written | %.1f GB/s | K = 1: %.3e coordinate-steps/s (8 B each) |%n",
                Math.min(probeBytes, Math.min(dev.maxAllocation(), dev.globalMemory() / 4)) >> 20, bandwidth / 1e9,
                memoryCeiling);
        out.printf(Locale.ROOT, "| INT32, Philox's mix (mul_hi, mul, xor, add) | %.3e ops/s | %.3e coordinate-steps/s (24.5 ops each) |%n",
                int32, int32 / INT32_OPS_PER_COORDINATE);
        out.printf(Locale.ROOT, "| FP32, fma | %.3e ops/s | %.3e coordinate-steps/s (24 ops each) |%n", fp32,
                fp32 / FP32_OPS_PER_COORDINATE);
        out.printf(Locale.ROOT, "%nK > 1 ceiling: min of the two, %.3e coordinate-steps/s.%n%n", arithmeticCeiling);
        out.println("| workload | chains | K | coordinate-steps/s | ceiling | fraction of ceiling | timed steps |");
        out.println("|---|---:|---:|---:|---|---:|---:|");
        List<String> rows = new ArrayList<>();
        rows.add("engine,device,workload,dim,chains,launch_steps,coordinate_steps_per_s,ceiling,ceiling_coordinate_steps_per_s,"
                + "fraction,timed_steps,timed_seconds,copy_bandwidth_bytes_per_s,int32_ops_per_s,fp32_ops_per_s,note");
        for (String name : workloads) {
            Workload workload = workload(name, data);
            for (int chains : chainCounts) {
                for (int k : launchSteps) {
                    boolean memoryBound = k == 1;
                    double ceiling = memoryBound ? memoryCeiling : arithmeticCeiling;
                    String ceilingName = memoryBound ? "memory" : "arithmetic";
                    String skip = fits(workload.target().dim(), chains, dev);
                    Cell cell = skip == null ? measure(provider.create(device, k), workload, chains, k, seconds) : null;
                    if (cell == null) {
                        out.printf(Locale.ROOT, "| %s | %d | %d | - | %s | - | skipped: %s |%n", workload.name(), chains, k,
                                ceilingName, skip);
                        rows.add(String.join(",", engineName, csvText(dev.name()), csvText(workload.name()),
                                String.valueOf(workload.target().dim()), String.valueOf(chains), String.valueOf(k), "", ceilingName,
                                String.format(Locale.ROOT, "%.6e", ceiling), "", "", "", "", "", "", csvText(skip)));
                        continue;
                    }
                    out.printf(Locale.ROOT, "| %s | %d | %d | %.3e | %s %.3e | %.3f | %d |%n", workload.name(), chains, k,
                            cell.rate(), ceilingName, ceiling, cell.rate() / ceiling, cell.steps());
                    out.flush();
                    rows.add(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%d,%.6e,%s,%.6e,%.6f,%d,%.6f,%.6e,%.6e,%.6e,",
                            engineName, csvText(dev.name()), csvText(workload.name()), workload.target().dim(), chains, k, cell.rate(),
                            ceilingName, ceiling, cell.rate() / ceiling, cell.steps(), cell.seconds(), bandwidth, int32,
                            fp32));
                }
            }
        }
        if (csv != null) {
            writeCsv(csv, rows);
        }
    }

    private static void writeCsv(Path csv, List<String> rows) throws IOException {
        Files.write(csv, rows, StandardCharsets.UTF_8);
    }

    /** Why chains x d does not fit the device in one batch or the heap, or null when it does. */
    static String fits(int d, int chains, OpenCl.Device device) {
        long vector = 4L * d * chains;
        // state, gradient (above d = 32), one kept draw; divergence flags and acceptance counts
        long deviceBytes = vector * (d <= 32 ? 2 : 3) + 8L * chains;
        if (deviceBytes > 0.8 * device.globalMemory() || vector > device.maxAllocation()) {
            return String.format(Locale.ROOT, "needs %.1f GB of device memory", deviceBytes / 1e9);
        }
        // the host holds the state, its starting values and two draw buffers
        long hostBytes = 4 * vector;
        if (hostBytes > 0.7 * Runtime.getRuntime().maxMemory()) {
            return String.format(Locale.ROOT, "needs %.1f GB of Java heap (-Xmx)", hostBytes / 1e9);
        }
        return null;
    }

    /**
     * @param rate    coordinate-steps per second
     * @param steps   S2 - S1
     * @param seconds the difference of the two runs' times
     */
    record Cell(double rate, int steps, double seconds) {
    }

    private static final DrawSink NO_DRAWS = (draw, state, chains, d) -> { };

    static Cell measure(Engine engine, Workload workload, int chains, int k, double seconds) {
        int shortRun = k == 1 ? 8 : k;
        time(engine, workload.plan(chains, shortRun)); // compiles the kernel
        double shortTime = time(engine, workload.plan(chains, shortRun));
        int extra = k == 1 ? 8 : k;
        double longTime;
        while (true) {
            longTime = time(engine, workload.plan(chains, shortRun + extra));
            double difference = longTime - shortTime;
            if (difference >= seconds || extra >= (1 << 22)) {
                break;
            }
            double perStep = difference / extra;
            long wanted = perStep <= 0 ? 8L * extra : (long) Math.ceil(1.2 * seconds / perStep);
            wanted = Math.max(wanted, 2L * extra);
            wanted = Math.min(wanted, 1 << 22);
            extra = (int) ((wanted + k - 1) / k * k);
        }
        shortTime = (shortTime + time(engine, workload.plan(chains, shortRun))) / 2;
        double difference = longTime - shortTime;
        double rate = difference > 0 ? (double) chains * workload.target().dim() * extra / difference : Double.NaN;
        return new Cell(rate, extra, difference);
    }

    private static double time(Engine engine, Plan plan) {
        long start = System.nanoTime();
        engine.run(plan, NO_DRAWS, ProgressListener.NONE);
        return (System.nanoTime() - start) * 1e-9;
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt)
                .toArray();
    }

    private static String csvText(String text) {
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    private static void usage(String problem) {
        System.err.println("Throughput: " + problem + "; usage: [--engine opencl] [--device N] [--probe-device N] "
                + "[--chains 4096,65536,1048576] "
                + "[--launch-steps 1,64] [--workloads gaussian,ackley,logistic,mlp] [--seconds 1] [--probe-mib 256] "
                + "[--data DIR] [--csv FILE]");
        System.exit(2);
    }
}
