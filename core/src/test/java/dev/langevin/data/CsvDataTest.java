package dev.langevin.data;

import dev.langevin.TestData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvDataTest {
    @TempDir
    Path dir;

    @Test
    void readsTheShippedDataSets() throws Exception {
        Dataset cancer = TestData.breastCancer();
        assertEquals(569, cancer.rows());
        assertEquals(30, cancer.columns());
        int benign = 0;
        for (double y : cancer.labels()) {
            benign += (int) y;
        }
        assertEquals(357, benign, "the data set's documented 357 benign cases");
        Dataset diabetes = TestData.diabetes();
        assertEquals(442, diabetes.rows());
        assertEquals(10, diabetes.columns());
        assertEquals(151, diabetes.labels()[0], 1e-12);
    }

    @Test
    void standardisedColumnsHaveMeanZeroAndSdOne() throws Exception {
        Dataset d = TestData.breastCancer();
        for (int j = 0; j < d.columns(); j++) {
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < d.rows(); i++) {
                sum += d.feature(i, j);
                squares += d.feature(i, j) * d.feature(i, j);
            }
            assertEquals(0, sum / d.rows(), 1e-12);
            assertEquals(1, (squares - sum * sum / d.rows()) / (d.rows() - 1), 1e-12);
        }
        assertTrue(d.standardized());
    }

    @Test
    void labelColumnMayBeAnyColumn() throws Exception {
        Path file = write("a.csv", "1,10,100\n2,20,200\n");
        Dataset d = CsvData.load(file, 0, 1);
        assertEquals(20, d.labels()[1]);
        assertEquals(200, d.feature(1, 1));
    }

    @Test
    void errorsNameTheFileAndLine() throws Exception {
        Path ragged = write("ragged.csv", "h1,h2,h3\n1,2,3\n4,5\n");
        DataFormatException e1 = assertThrows(DataFormatException.class, () -> CsvData.load(ragged, 1, -1));
        assertTrue(e1.getMessage().contains("ragged.csv line 3") && e1.getMessage().contains("found 2"), e1.getMessage());

        Path word = write("word.csv", "1,2,3\n4,five,6\n");
        DataFormatException e2 = assertThrows(DataFormatException.class, () -> CsvData.load(word, 0, -1));
        assertTrue(e2.getMessage().contains("word.csv line 2, column 2") && e2.getMessage().contains("'five'"), e2.getMessage());

        Path missing = write("missing.csv", "1,2,3\n4,,6\n");
        DataFormatException e3 = assertThrows(DataFormatException.class, () -> CsvData.load(missing, 0, -1));
        assertTrue(e3.getMessage().contains("missing.csv line 2, column 2: missing value"), e3.getMessage());

        DataFormatException e4 = assertThrows(DataFormatException.class,
                () -> CsvData.load(dir.resolve("absent.csv"), 0, -1));
        assertTrue(e4.getMessage().contains("does not exist"), e4.getMessage());

        Path nan = write("nan.csv", "1,2,NaN\n");
        assertThrows(DataFormatException.class, () -> CsvData.load(nan, 0, -1));
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
