package dev.langevin.predict;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClassificationMetricsTest {
    /**
     * Four rows, three classes, worked by hand:
     * row 0 (0.7, 0.2, 0.1), label 0: right, confidence 0.7 (bin 11 of 15, (0.667, 0.733]);
     * row 1 (0.1, 0.3, 0.6), label 1: wrong (predicts 2), confidence 0.6 (bin 9, (0.533, 0.6]);
     * row 2 (0.2, 0.5, 0.3), label 1: right, confidence 0.5 (bin 7, (0.467, 0.533]);
     * row 3 (0.05, 0.9, 0.05), label 1: right, confidence 0.9 (bin 13, (0.867, 0.933]).
     * Each row is alone in its bin: ECE = (|1 - 0.7| + |0 - 0.6| + |1 - 0.5| + |1 - 0.9|) / 4 = 0.375.
     */
    @Test
    void aHandWorkedExample() {
        double[] p = {0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.2, 0.5, 0.3, 0.05, 0.9, 0.05};
        ClassificationMetrics m = ClassificationMetrics.of(p, 3, new int[] {0, 1, 1, 1});
        assertEquals(0.75, m.accuracy(), 1e-15);
        assertEquals(-(Math.log(0.7) + Math.log(0.3) + Math.log(0.5) + Math.log(0.9)) / 4, m.nll(), 1e-15);
        assertEquals(0.375, m.ece(), 1e-15);
        assertEquals(4, m.rows());
    }

    /** Rows sharing a bin: the bin's accuracy against its mean confidence, weighted by its share of rows. */
    @Test
    void rowsInOneBinAreAveragedBeforeTheDifference() {
        // confidences 0.8 and 0.76 share bin 12, (0.733, 0.8]; one right, one wrong: |0.5 - 0.78| = 0.28
        // a third row, confidence exactly 1/15 * 15 = 1.0, right, in the last bin: |1 - 1| = 0
        double[] p = {0.8, 0.2, 0.76, 0.24, 0.0, 1.0};
        ClassificationMetrics m = ClassificationMetrics.of(p, 2, new int[] {0, 1, 1});
        assertEquals(2.0 / 3, m.accuracy(), 1e-15);
        assertEquals(2.0 / 3 * 0.28, m.ece(), 1e-12);
        assertEquals(-(Math.log(0.8) + Math.log(0.24) + Math.log(1.0)) / 3, m.nll(), 1e-15);
    }

    /** Ties go to the first class; a uniform prediction is right only for class 0, and perfectly calibrated on 1/K. */
    @Test
    void tiesAndUniformPredictions() {
        double[] p = {0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25};
        ClassificationMetrics m = ClassificationMetrics.of(p, 4, new int[] {0, 3});
        assertEquals(0.5, m.accuracy());
        assertEquals(Math.log(4), m.nll(), 1e-15);
        assertEquals(0.25, m.ece(), 1e-15);
    }
}
