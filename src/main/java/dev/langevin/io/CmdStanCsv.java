package dev.langevin.io;

import dev.langevin.diagnostics.DrawSource;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One CmdStan-style CSV per chain, {@code output_1.csv} ..., as CmdStan's sampler writes them:
 * {@code #} comment lines with the configuration, a header of column names, one row per kept
 * draw. Indexed names become CmdStan's 1-based dotted names ({@code theta[0]} is
 * {@code theta.1}); there is no {@code lp__} or sampler column, since these draws come from
 * SGLD, not NUTS.
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
     * Writes output_1.csv .. output_C.csv into {@code dir}.
     *
     * @param configuration key-value pairs for the comment header (model, seed, num_samples...)
     */
    public static List<Path> write(Path dir, DrawSource draws, List<String> names, Map<String, Object> configuration)
            throws IOException {
        List<Path> files = new ArrayList<>();
        double[] column = new double[draws.draws()];
        double[][] chain = new double[draws.dims()][];
        StringBuilder header = new StringBuilder();
        for (int j = 0; j < names.size(); j++) {
            header.append(j == 0 ? "" : ",").append(columnName(names.get(j)));
        }
        for (int c = 0; c < draws.chains(); c++) {
            for (int j = 0; j < draws.dims(); j++) {
                draws.read(j, new int[] {c}, column);
                chain[j] = column.clone();
            }
            Path file = dir.resolve("output_" + (c + 1) + ".csv");
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write("# stan_version_major = 2\n# stan_version_minor = 0\n# stan_version_patch = 0\n");
                for (Map.Entry<String, Object> entry : configuration.entrySet()) {
                    out.write("# " + entry.getKey() + " = " + entry.getValue() + "\n");
                }
                out.write("# id = " + (c + 1) + "\n");
                out.write(header + "\n");
                for (int t = 0; t < draws.draws(); t++) {
                    for (int j = 0; j < draws.dims(); j++) {
                        if (j > 0) {
                            out.write(',');
                        }
                        out.write(Float.toString((float) chain[j][t]).toLowerCase(Locale.ROOT));
                    }
                    out.write('\n');
                }
            }
            files.add(file);
        }
        return files;
    }
}
