package dev.langevin.cli;

import dev.langevin.diagnostics.DrawSource;
import dev.langevin.diagnostics.ParameterSummary;
import dev.langevin.diagnostics.Summary;
import dev.langevin.diagnostics.Verdict;
import dev.langevin.io.AtomicFiles;
import dev.langevin.io.NpyDraws;
import dev.langevin.io.ShardedDraws;
import dev.langevin.io.SummaryCsv;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code langevin diagnose FILE.npy}: the summary and convergence diagnostics of any draws array,
 * or of a sharded run directory's shards read as one array.
 */
@Command(name = "diagnose", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Summarises a (chains, draws, dims) float32 or float64 .npy file, as numpy's np.save or "
                + "'langevin run' write it: mean, sd, quantiles, MCSE, bulk/tail ESS and rank-normalised R-hat, "
                + "computed as the R package posterior computes them; nested R-hat with --superchains.",
                "FILE.npy may also be a sharded run directory (manifest.json and shards/*.npy, as 'langevin-spark run' "
                        + "writes it): its shards' chains are read as one array, in the manifest's order.",
                "The file is memory-mapped and read a group of parameters per pass, as many as memory allows, so it may be "
                        + "larger than memory. Parameters are summarised in parallel, one per core."})
final class DiagnoseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.npy", description = "The draws, or a directory with manifest.json and shards/.")
    Path file;

    @Option(names = "--names", split = ",", paramLabel = "NAME,...",
            description = "Parameter names, one per dimension (default theta[0], theta[1], ...).")
    List<String> names;

    @Option(names = "--superchains", defaultValue = "0", paramLabel = "K",
            description = "Group consecutive chains into K superchains and add nested R-hat; K must divide the chains.")
    int superchains;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the summary as CSV (summary.csv's columns).")
    Path csv;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (csv != null) {
            AtomicFiles.checkWritable(csv);
        }
        DrawSource draws = ShardedDraws.isSharded(file) ? ShardedDraws.open(file) : NpyDraws.open(file);
        try (AutoCloseable closing = (AutoCloseable) draws) {
            List<String> parameterNames = names;
            if (parameterNames == null) {
                parameterNames = new ArrayList<>();
                for (int j = 0; j < draws.dims(); j++) {
                    parameterNames.add("theta[" + j + "]");
                }
            } else if (parameterNames.size() != draws.dims()) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--names gives " + parameterNames.size() + " names but " + file
                        + " has " + draws.dims() + " parameters.");
            }
            if (superchains != 0) {
                dev.langevin.diagnostics.Superchains.size(draws.chains(), superchains);
            }
            long start = System.nanoTime();
            List<ParameterSummary> summary;
            try (Console.Progress progress = Console.summaryProgress(draws.chains(), draws.draws(), draws.dims(), false)) {
                int dims = draws.dims();
                summary = Summary.of(draws, parameterNames, Set.of(), superchains, done -> progress.advanced(done, dims));
            }
            double seconds = (System.nanoTime() - start) * 1e-9;
            out.printf("%s: %d chains x %d draws x %d parameters%n", file, draws.chains(), draws.draws(), draws.dims());
            Console.table(out, summary, superchains > 0);
            Console.nonFinite(out, summary);
            Verdict verdict = Verdict.of(summary, draws.chains(), 0);
            out.println(verdict.text());
            out.printf("diagnostics in %.2f s%n", seconds);
            if (csv != null) {
                SummaryCsv.write(csv, summary, superchains > 0);
            }
            return verdict.trusted() ? 0 : Main.DO_NOT_TRUST;
        }
    }
}
