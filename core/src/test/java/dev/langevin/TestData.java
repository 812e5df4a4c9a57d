package dev.langevin;

import dev.langevin.data.CsvData;
import dev.langevin.data.DataFormatException;
import dev.langevin.data.Dataset;

import java.nio.file.Path;

/** The data sets shipped in {@code data/}, loaded as the CLI would. */
public final class TestData {
    private TestData() {
    }

    /** Breast cancer (569 x 30, labels 0/1), standardised. */
    public static Dataset breastCancer() throws DataFormatException {
        return CsvData.load(Path.of("data/breast_cancer.csv"), 1, -1).standardize();
    }

    /** The classifiers' digits: the first rows of data/digits.csv.gz, standardised ({@code EquivalenceCases.digits}). */
    public static Dataset digits() throws DataFormatException {
        return dev.langevin.check.EquivalenceCases.digits(CsvData.load(Path.of("data/digits.csv.gz"), 0, -1));
    }

    /** The first rows of the diabetes data (10 features, a continuous target), standardised on those rows. */
    public static Dataset diabetes(int rows) throws DataFormatException {
        return CsvData.load(Path.of("data/diabetes_data_raw.csv.gz"), Path.of("data/diabetes_target.csv.gz"), 0)
                .select(java.util.stream.IntStream.range(0, rows).toArray()).standardize();
    }

    /** Diabetes (442 x 10, continuous target), standardised. */
    public static Dataset diabetes() throws DataFormatException {
        return CsvData.load(Path.of("data/diabetes_data_raw.csv.gz"), Path.of("data/diabetes_target.csv.gz"), 0)
                .standardize();
    }
}
