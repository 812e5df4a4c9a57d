package dev.langevin.data;

import dev.langevin.error.InvalidParameterException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Reads numeric tables: comma-separated, or separated by runs of whitespace when a line has
 * no comma (the layout numpy.savetxt writes); gzip when the name ends in {@code .gz}.
 * Every field must be a finite number; the first bad line is reported by file and number.
 * Written here rather than with a CSV library because the files are purely numeric and the
 * whitespace layout, which CSV parsers do not cover, is common for such data.
 */
public final class CsvData {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private CsvData() {
    }

    /**
     * Loads a table whose label is one of its columns.
     *
     * @param file        the table
     * @param skipRows    header lines to skip
     * @param labelColumn index of the label column; negative counts from the end (-1 = last)
     */
    public static Dataset load(Path file, int skipRows, int labelColumn) throws DataFormatException {
        List<double[]> table = readTable(file, skipRows);
        int width = table.get(0).length;
        int label = labelColumn < 0 ? width + labelColumn : labelColumn;
        if (label < 0 || label >= width) {
            throw new InvalidParameterException("labelColumn", file + " has " + width + " columns, so label column "
                    + labelColumn + " is not one of them.");
        }
        if (width < 2) {
            throw new DataFormatException(file, file + " has only one column; it needs features and a label.");
        }
        int rows = table.size();
        int columns = width - 1;
        double[] features = new double[rows * columns];
        double[] labels = new double[rows];
        for (int i = 0; i < rows; i++) {
            double[] line = table.get(i);
            labels[i] = line[label];
            for (int j = 0, k = 0; j < width; j++) {
                if (j != label) {
                    features[i * columns + k++] = line[j];
                }
            }
        }
        return unstandardized(features, labels, rows, columns);
    }

    /**
     * Loads features from one table and labels from another (one number a line), for data
     * sets distributed that way.
     */
    public static Dataset load(Path featureFile, Path labelFile, int skipRows) throws DataFormatException {
        List<double[]> table = readTable(featureFile, skipRows);
        List<double[]> labelTable = readTable(labelFile, skipRows);
        if (labelTable.get(0).length != 1) {
            throw new DataFormatException(labelFile, labelFile + " line " + (skipRows + 1) + ": a labels file has one number a line, found "
                    + labelTable.get(0).length + ".");
        }
        if (labelTable.size() != table.size()) {
            throw new DataFormatException(labelFile, labelFile + " has " + labelTable.size() + " labels but " + featureFile
                    + " has " + table.size() + " rows.");
        }
        int rows = table.size();
        int columns = table.get(0).length;
        double[] features = new double[rows * columns];
        double[] labels = new double[rows];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(table.get(i), 0, features, i * columns, columns);
            labels[i] = labelTable.get(i)[0];
        }
        return unstandardized(features, labels, rows, columns);
    }

    /** Reads a dense numeric matrix (for example a precision matrix), checking it is n x n. */
    public static double[] loadSquareMatrix(Path file, int n) throws DataFormatException {
        List<double[]> table = readTable(file, 0);
        if (table.size() != n || table.get(0).length != n) {
            throw new DataFormatException(file, file + " is " + table.size() + " x " + table.get(0).length
                    + " but the dimension is " + n + ", so it must be " + n + " x " + n + ".");
        }
        double[] matrix = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(table.get(i), 0, matrix, i * n, n);
        }
        return matrix;
    }

    private static Dataset unstandardized(double[] features, double[] labels, int rows, int columns) {
        double[] ones = new double[columns];
        java.util.Arrays.fill(ones, 1.0);
        return new Dataset(features, labels, rows, columns, new double[columns], ones);
    }

    private static List<double[]> readTable(Path file, int skipRows) throws DataFormatException {
        List<double[]> table = new ArrayList<>();
        try (BufferedReader reader = open(file)) {
            String line;
            int number = 0;
            int width = -1;
            while ((line = reader.readLine()) != null) {
                number++;
                if (number <= skipRows || line.isBlank()) {
                    continue;
                }
                String trimmed = line.strip();
                String[] fields = trimmed.indexOf(',') >= 0 ? trimmed.split(",", -1) : WHITESPACE.split(trimmed);
                if (width < 0) {
                    width = fields.length;
                } else if (fields.length != width) {
                    throw new DataFormatException(file, file + " line " + number + ": expected " + width
                            + " columns (as on the first data line), found " + fields.length + ".");
                }
                double[] values = new double[fields.length];
                for (int j = 0; j < fields.length; j++) {
                    values[j] = parse(fields[j].strip(), file, number, j);
                }
                table.add(values);
            }
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, "Data file " + file + " does not exist.");
        } catch (IOException e) {
            throw new DataFormatException(file, "Cannot read " + file + ": " + e.getMessage());
        }
        if (table.isEmpty()) {
            throw new DataFormatException(file, file + " has no data lines after skipping " + skipRows + " rows.");
        }
        return table;
    }

    private static double parse(String field, Path file, int line, int column) throws DataFormatException {
        if (field.isEmpty()) {
            throw new DataFormatException(file, file + " line " + line + ", column " + (column + 1) + ": missing value.");
        }
        double value;
        try {
            value = Double.parseDouble(field);
        } catch (NumberFormatException e) {
            throw new DataFormatException(file, file + " line " + line + ", column " + (column + 1) + ": '" + field
                    + "' is not a number.");
        }
        if (!Double.isFinite(value)) {
            throw new DataFormatException(file, file + " line " + line + ", column " + (column + 1) + ": '" + field
                    + "' is not a finite number.");
        }
        return value;
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}
