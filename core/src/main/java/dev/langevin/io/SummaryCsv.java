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
    /** The header line; rhat_nested follows when superchains were given. */
    public static final String HEADER = "parameter,mean,sd,q5,q50,q95,mcse_mean,ess_bulk,ess_tail,rhat";

    private SummaryCsv() {
    }

    /**
     * Writes the summary rows under a temporary name, renamed into place when complete; NaN
     * (posterior's NA) is written as NA, infinities as R writes them (Inf, -Inf).
     */
    public static void write(Path file, List<ParameterSummary> rows, boolean nested) {
        AtomicFiles.write(file, temporary -> writeRows(temporary, rows, nested));
    }

    private static void writeRows(Path file, List<ParameterSummary> rows, boolean nested)
            throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            out.println(HEADER + (nested ? ",rhat_nested" : ""));
            for (ParameterSummary r : rows) {
                StringBuilder line = new StringBuilder(quote(r.name()));
                double[] values = {r.mean(), r.sd(), r.q5(), r.q50(), r.q95(), r.mcseMean(), r.essBulk(), r.essTail(), r.rhat()};
                for (double v : values) {
                    line.append(',').append(number(v));
                }
                if (nested) {
                    line.append(',').append(number(r.rhatNested()));
                }
                out.println(line);
            }
            if (out.checkError()) {
                throw new IOException("the file system refused the write (disk full?)");
            }
        }
    }

    private static String number(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "Inf" : "-Inf";
        }
        return Double.isNaN(v) ? "NA" : String.format(Locale.ROOT, "%.9g", v);
    }

    private static String quote(String name) {
        return name.contains(",") || name.contains("\"") ? "\"" + name.replace("\"", "\"\"") + "\"" : name;
    }
}
