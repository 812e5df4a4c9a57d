package dev.langevin.cli;

import dev.langevin.diagnostics.Ksd;
import dev.langevin.error.InputFileException;
import dev.langevin.report.RunDirectory;
import dev.langevin.target.Target;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code langevin ksd RUN_DIR}: the kernel Stein discrepancy of a run's draws against its target. */
@Command(name = "ksd", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Kernel Stein discrepancy (Gorham and Mackey 2017; IMQ kernel, c = 1, beta = -1/2) of a run's "
                + "draws against its target, rebuilt from run.json: how far the draws are from the target, which R-hat "
                + "and ESS cannot see when the chains agree on a biased answer. Lower is closer; for exact draws it "
                + "falls like n^-1/2.",
                "By default the points are the last kept draw of every chain that did not diverge; --points N thins "
                        + "all their kept draws evenly to N points instead."})
final class KsdCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "Directory written by 'langevin run --out'.")
    Path runDir;

    @Option(names = "--points", paramLabel = "N",
            description = "Thin all kept draws of the chains that did not diverge to N points (its cost grows as N^2).")
    Integer points;

    @Option(names = "--device", paramLabel = "N",
            description = "Sum the pairs on OpenCL device N ('langevin devices' lists them) instead of all cores.")
    Integer device;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (points != null && points < 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--points must be at least 2, got " + points
                    + ".");
        }
        RunDirectory run = RunDirectory.read(runDir);
        Target target = run.rebuildTarget();
        if (target.dim() != run.draws().dims()) {
            throw new InputFileException(runDir.resolve("draws.npy"), runDir.resolve("draws.npy") + " has "
                    + run.draws().dims() + " parameters but the target rebuilt from run.json has " + target.dim() + ".");
        }
        List<Integer> chains = run.keptChains();
        if (chains.isEmpty()) {
            out.println("Every chain diverged: there are no draws to measure.");
            return Main.DO_NOT_TRUST;
        }
        int d = target.dim();
        int draws = run.draws().draws();
        long available = (long) chains.size() * draws;
        int n = points == null ? chains.size() : (int) Math.min(points, available);
        double[] x = new double[n * d];
        double[][] columns = new double[d][];
        int loadedChain = -1;
        for (int i = 0; i < n; i++) {
            long k = points == null ? (long) i * draws + draws - 1 : i * available / n;
            int c = chains.get((int) (k / draws));
            int t = (int) (k % draws);
            if (c != loadedChain) {
                for (int j = 0; j < d; j++) {
                    columns[j] = run.draws().chain(c, j);
                }
                loadedChain = c;
            }
            for (int j = 0; j < d; j++) {
                x[i * d + j] = columns[j][t];
            }
        }
        Ksd ksd = device == null ? Ksd.of(target, x, n) : new dev.langevin.engine.opencl.OpenClEngine(device)
                .ksd(target, x, n);
        out.printf(Locale.ROOT, "%s (d = %d): kernel Stein discrepancy of %d %s: %s (IMQ kernel, c = %s, beta = %s)%n",
                target.name(), d, n, points == null ? "final draws" : "kept draws", Console.num(ksd.value()), ksd.c(),
                ksd.beta());
        return 0;
    }
}
