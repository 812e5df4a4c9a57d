package dev.langevin.check;

import dev.langevin.engine.Engine;
import dev.langevin.engine.Engines;
import dev.langevin.engine.InMemoryDraws;
import dev.langevin.engine.Plan;
import dev.langevin.engine.ProgressListener;
import dev.langevin.engine.RunResult;
import dev.langevin.engine.opencl.OpenCl;
import dev.langevin.engine.opencl.OpenClEngine;
import dev.langevin.engine.reference.ReferenceEngine;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.error.LangevinException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * docs/DESIGN.md contract 4 as a command: every case of {@link EquivalenceCases} on an engine
 * against the reference engine, one Markdown table row per case with the worst relative
 * difference, the case's tolerance and PASS or FAIL (mala: its accept decisions must also agree
 * chain by chain); with the opencl engine first the device's Philox words (bit for bit) and
 * normals. Exits 1 when any case fails, 2 on bad arguments.
 *
 * <pre>
 * java -cp langevin-all.jar dev.langevin.check.EquivalenceCheck [--engine opencl] [--device N] [--data DIR]
 * </pre>
 * With {@code --engine opencl} the engine fuses K = 16 steps per launch, so each 40-step run
 * crosses launches.
 */
public final class EquivalenceCheck {
    /** Normals' bound relative to max(1, |z|), as the opencl engine's tests state it. */
    static final double NORMAL_TOLERANCE = 2e-6;

    private EquivalenceCheck() {
    }

    public static void main(String[] args) throws Exception {
        String engineName = "opencl";
        int device = 0;
        Path data = Path.of("data");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--engine" -> engineName = value;
                case "--device" -> device = Integer.parseInt(value);
                case "--data" -> data = Path.of(value);
                default -> {
                    System.err.println("EquivalenceCheck: unknown argument " + args[i]
                            + "; usage: [--engine NAME] [--device N] [--data DIR]");
                    System.exit(2);
                }
            }
            i++;
        }
        System.exit(run(engineName, device, data, System.out));
    }

    /** Runs every case and prints the table; the exit status (0 when every case passed, else 1). */
    static int run(String engineName, int device, Path data, PrintStream out) throws Exception {
        List<EquivalenceCases.Case> cases = EquivalenceCases.all(data);
        if (engineName.equals("opencl")) {
            try {
                OpenCl.device(device);
            } catch (LangevinException e) {
                out.println("equivalence: no OpenCL device " + device + ": " + e.getMessage());
                return 1;
            }
        }
        int failed = 0;
        int skipped = 0;
        long started = System.nanoTime();
        out.printf(Locale.ROOT, "Engine %s (device %d) against the reference: %d chains, %d steps, seed %d; "
                        + "difference = max |engine - reference| / (1 + |reference|) over every kept draw.%n%n",
                engineName, device, EquivalenceCases.CHAINS, EquivalenceCases.STEPS, EquivalenceCases.SEED);
        out.println("| # | case | worst difference | tolerance | result |");
        out.println("|---:|---|---:|---:|---|");
        int number = 0;
        if (engineName.equals("opencl")) {
            number++;
            try (DeviceProbes probes = new DeviceProbes(device, 0.05)) {
                DeviceProbes.NoiseCheck noise = probes.noise();
                boolean pass = noise.wrongWords() == 0;
                out.printf(Locale.ROOT, "| %d | Philox4x32-10 words of %d addresses, bit for bit | %d words differ | 0 | %s |%n",
                        number, noise.words() / 4, noise.wrongWords(), pass ? "PASS" : "FAIL");
                failed += pass ? 0 : 1;
                number++;
                pass = noise.worstNormal() <= NORMAL_TOLERANCE;
                out.printf(Locale.ROOT, "| %d | Box-Muller normals, relative to max(1, abs(z)) | %.3g | %.0e | %s |%n",
                        number, noise.worstNormal(), NORMAL_TOLERANCE, pass ? "PASS" : "FAIL");
                failed += pass ? 0 : 1;
            }
        }
        for (EquivalenceCases.Case c : cases) {
            number++;
            String result;
            String worstText;
            Plan plan = c.plan();
            try {
                Engine engine = engineName.equals("opencl") ? openCl(plan, device) : Engines.forPlan(engineName, plan, device);
                InMemoryDraws expected = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
                RunResult reference = new ReferenceEngine().run(plan, expected, ProgressListener.NONE);
                InMemoryDraws actual = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
                RunResult result0 = engine.run(plan, actual, ProgressListener.NONE);
                double worst = EquivalenceCases.worstDifference(expected.values(), actual.values());
                boolean acceptsAgree = Arrays.equals(reference.accepted(), result0.accepted());
                worstText = String.format(Locale.ROOT, "%.3g", worst);
                if (Double.isNaN(worst)) {
                    result = "FAIL (the reference diverged: a badly chosen case)";
                } else if (!acceptsAgree) {
                    result = "FAIL (accept decisions differ)";
                } else {
                    result = worst <= c.tolerance() ? "PASS" : "FAIL";
                }
            } catch (InvalidParameterException e) {
                // an engine without a kernel for this case says so before running it
                worstText = "-";
                result = "SKIP (" + firstLine(e.getMessage()) + ")";
                skipped++;
            } catch (LangevinException e) {
                worstText = "-";
                result = "FAIL (" + firstLine(e.getMessage()) + ")";
            } catch (RuntimeException e) {
                worstText = "-";
                result = "FAIL (" + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()) + ")";
            }
            if (result.startsWith("FAIL")) {
                failed++;
            }
            out.printf(Locale.ROOT, "| %d | %s | %s | %.0e | %s |%n", number, c.describe(), worstText, c.tolerance(),
                    result);
            out.flush();
        }
        out.println();
        out.printf(Locale.ROOT, "equivalence: %d cases, %d passed, %d failed, %d skipped (%.1f s)%n", number,
                number - failed - skipped, failed, skipped, (System.nanoTime() - started) * 1e-9);
        // an engine that ran nothing has shown nothing
        return failed == 0 && skipped < cases.size() ? 0 : 1;
    }

    private static Engine openCl(Plan plan, int device) {
        // the engine's own checks and messages (missing driver, no kernel), then K = 16
        Engines.forPlan("opencl", plan, device);
        OpenCl.device(device);
        return new OpenClEngine(device, 16, 0, 0);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).replace('|', '/');
    }
}
