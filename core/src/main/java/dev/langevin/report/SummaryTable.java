package dev.langevin.report;

import dev.langevin.error.InputFileException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * summary.csv as a table of strings, read by column name so that columns added later
 * (mcse_mean, ess_bulk, ess_tail, rhat, rhat_nested) are used when present and not missed when absent.
 *
 * @param header the column names, in file order
 * @param rows   one row of cells per parameter
 */
public record SummaryTable(List<String> header, List<List<String>> rows) {
    /** Reads the file; a row with another number of cells than the header is refused. */
    public static SummaryTable read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new InputFileException(file, file + " is empty; it should start with a header line.");
        }
        List<String> header = split(lines.get(0));
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> row = split(lines.get(i));
            if (row.size() != header.size()) {
                throw new InputFileException(file, file + " line " + (i + 1) + " has " + row.size()
                        + " cells but the header has " + header.size() + ".");
            }
            rows.add(row);
        }
        return new SummaryTable(List.copyOf(header), List.copyOf(rows));
    }

    /** Whether the column is present. */
    public boolean has(String column) {
        return header.contains(column);
    }

    /** The column as numbers (NaN where a cell is not a number), or empty when absent. */
    public Optional<double[]> column(String name) {
        int k = header.indexOf(name);
        if (k < 0) {
            return Optional.empty();
        }
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(rows.get(i).get(k));
        }
        return Optional.of(out);
    }

    /** One number, NaN when the column is absent or the cell is not a number (NA). */
    public double value(int row, String column) {
        int k = header.indexOf(column);
        return k < 0 || row >= rows.size() ? Double.NaN : number(rows.get(row).get(k));
    }

    /** A cell as SummaryCsv writes it: a number, Inf or -Inf as R writes them, or NA (NaN). */
    static double number(String cell) {
        String s = cell.strip();
        if (s.equals("Inf") || s.equals("-Inf")) {
            return s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Splits one CSV line; cells may be quoted with doubled quotes inside, as SummaryCsv writes names. */
    static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
