package dev.langevin.io;

import dev.langevin.diagnostics.DrawSource;
import dev.langevin.engine.Plan;
import dev.langevin.target.Target;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * One CmdStan CSV per chain, {@code output_1.csv} ..., laid out as CmdStan's sampler writes
 * them so that Stan's readers take them ({@code rstan::read_stan_csv} is tested): {@code #}
 * comment lines with the configuration in CmdStan's nesting (method, sample, num_samples,
 * num_warmup, thin, algorithm, id, random seed), a header of column names, one row per kept
 * draw, and CmdStan's elapsed-time footer. The first column is {@code lp__}, the log density
 * -U(theta) up to a constant (for a data target, of the full data set, whatever minibatches the
 * sampler used); there are no NUTS columns ({@code accept_stat__}, {@code stepsize__}...), as
 * these draws are not NUTS's. Indexed names become CmdStan's 1-based dotted names
 * ({@code theta[0]} is {@code theta.1}).
 *
 * <p>CmdStan's {@code num_samples} counts iterations after warm-up, of which every
 * {@code thin}-th is saved; it is written as draws x thin, so readers find the number of draws
 * the file holds. Values are the float32 draws of draws.npy, written exactly.
 */
public final class CmdStanCsv {
    private static final Pattern INDEXED = Pattern.compile("([^\\[]+)\\[(\\d+)]");

    private CmdStanCsv() {
    }

    /** CmdStan's column name for a parameter name. */
    public static String columnName(String name) {
        Matcher m = INDEXED.matcher(name);
        return m.matches() ? m.group(1) + "." + (Integer.parseInt(m.group(2)) + 1) : name;
    }

    /**
     * Writes output_1.csv .. output_C.csv into {@code dir}, one chain per file, chains in parallel.
     *
     * @param draws   the run's kept draws, (chains, draws, dims)
     * @param plan    the plan that made them
     * @param seconds the run's sampling time, split between warm-up and sampling in proportion to
     *                their steps for CmdStan's elapsed-time footer
     */
    public static List<Path> write(Path dir, DrawSource draws, Plan plan, double seconds) throws IOException {
        Target target = plan.target();
        StringBuilder header = new StringBuilder("lp__");
        for (String name : target.reportedNames()) {
            header.append(',').append(columnName(name));
        }
        List<Path> files = new ArrayList<>();
        for (int c = 0; c < draws.chains(); c++) {
            files.add(dir.resolve("output_" + (c + 1) + ".csv"));
        }
        try {
            IntStream.range(0, draws.chains()).parallel().forEach(c -> {
                try {
                    writeChain(files.get(c), draws, plan, c, header.toString(), seconds);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return files;
    }

    private static void writeChain(Path file, DrawSource draws, Plan plan, int chain, String header, double seconds)
            throws IOException {
        int dims = draws.dims();
        int n = draws.draws();
        double[][] columns = new double[dims][n];
        for (int j = 0; j < dims; j++) {
            draws.read(j, new int[] {chain}, columns[j]);
        }
        double[] theta = new double[dims];
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(configuration(plan, n, chain, file.getFileName().toString()));
            out.write(header);
            out.write('\n');
            StringBuilder row = new StringBuilder();
            for (int t = 0; t < n; t++) {
                row.setLength(0);
                for (int j = 0; j < dims; j++) {
                    theta[j] = columns[j][t];
                }
                row.append(number(-plan.target().potential(theta)));
                for (int j = 0; j < dims; j++) {
                    // on the scale the target reports (lp__ is of the sampled theta, as CmdStan's is)
                    double value = (float) theta[j];
                    row.append(',').append(number((float) plan.target().reported(j, value)));
                }
                out.write(row.append('\n').toString());
            }
            double warmup = seconds * plan.burnIn() / plan.steps();
            out.write(String.format(Locale.ROOT, "# %n#  Elapsed Time: %.3f seconds (Warm-up)%n"
                    + "#                %.3f seconds (Sampling)%n#                %.3f seconds (Total)%n# %n",
                    warmup, seconds - warmup, seconds));
        }
    }

    /** The comment header, in CmdStan's layout and nesting. */
    private static String configuration(Plan plan, int kept, int chain, String fileName) {
        String model = "langevin_" + plan.target().name().replace('-', '_');
        return String.join("\n",
                "# stan_version_major = 2",
                "# stan_version_minor = 0",
                "# stan_version_patch = 0",
                "# model = " + model,
                "# method = sample (Default)",
                "#   sample",
                "#     num_samples = " + (long) kept * plan.thin(),
                "#     num_warmup = " + plan.burnIn(),
                "#     save_warmup = 0 (Default)",
                "#     thin = " + plan.thin(),
                "#     algorithm = " + plan.algorithm(),
                "#       " + plan.algorithm(),
                "#         parameters = " + plan.algorithmDescription(),
                "#         gradient = " + plan.estimator().describe(),
                "#         step_size = " + plan.stepSize().describe(),
                "#         temperature = " + (plan.temperatures() == null ? String.valueOf(plan.temperature())
                        : plan.temperatures().describe()),
                "#     num_chains = 1 (Default)",
                "# id = " + (plan.firstChain() + chain + 1),
                "# init = " + plan.init().describe(),
                "# random",
                "#   seed = " + plan.seed(),
                "# output",
                "#   file = " + fileName,
                "");
    }

    /** A float exactly, as R and Python read it (nan, inf and -inf for the non-finite, as CmdStan writes them). */
    private static String number(float v) {
        if (!Float.isFinite(v)) {
            return Float.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        }
        return Float.toString(v).toLowerCase(Locale.ROOT);
    }

    private static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        }
        return Double.toString(v).toLowerCase(Locale.ROOT);
    }
}
