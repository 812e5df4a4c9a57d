package dev.langevin.cli;

import dev.langevin.report.ReportWriter;
import dev.langevin.report.RunDirectory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code langevin report}: the HTML report of a run directory. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes RUN_DIR/report.html with its pictures in RUN_DIR/report/: the plan, the summary table, "
                + "trace and rank plots of the worst parameters, marginal densities, R-hat and ESS histograms "
                + "(when summary.csv has them) and, for 2-D analytic targets, the landscape with trajectories.",
                "RUN_DIR is a directory written by 'langevin run --out'; an older report there is replaced. For a "
                        + "directory written by 'langevin compare --out', the report is the comparison's predictions table."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "Directory written by 'langevin run --out'.")
    Path runDir;

    @Option(names = "--quiet", description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Path html = RunDirectory.isComparison(runDir) ? ReportWriter.writeComparison(runDir) : ReportWriter.write(runDir);
        if (!quiet) {
            spec.commandLine().getOut().println("Wrote " + html);
        }
        return 0;
    }
}
