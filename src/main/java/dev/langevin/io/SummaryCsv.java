package dev.langevin.io;

import dev.langevin.diagnostics.ParameterSummary;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** summary.csv: one row per parameter, numbers with full float precision. */
public final class SummaryCsv {
    /** The header line. */
    public static final String HEADER = "parameter,mean,sd,q5,q50,q95";

    private SummaryCsv() {
    }

    /** Writes the summary rows. */
    public static void write(Path file, List<ParameterSummary> rows) throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            out.println(HEADER);
            for (ParameterSummary r : rows) {
                out.println(String.format(Locale.ROOT, "%s,%.9g,%.9g,%.9g,%.9g,%.9g", quote(r.name()), r.mean(), r.sd(),
                        r.q5(), r.q50(), r.q95()));
            }
        }
    }

    private static String quote(String name) {
        return name.contains(",") || name.contains("\"") ? "\"" + name.replace("\"", "\"\"") + "\"" : name;
    }
}
