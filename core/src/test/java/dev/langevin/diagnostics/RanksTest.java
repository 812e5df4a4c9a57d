package dev.langevin.diagnostics;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RanksTest {

    @Test
    void averagesTiesAsR() {
        // R: rank(c(2, 1, 5, 1, -0, 0, -3.5)) is 6 4.5 7 4.5 2.5 2.5 1
        assertArrayEquals(new double[] {6, 4.5, 7, 4.5, 2.5, 2.5, 1}, Ranks.of(new double[] {2, 1, 5, 1, -0.0, 0.0, -3.5}));
    }

    @Test
    void agreesWithCountingOnRandomDataWithTiesAndSigns() {
        SplittableRandom random = new SplittableRandom(11);
        double[] x = new double[3000];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 7 == 0 ? Math.rint(random.nextGaussian() * 3) : random.nextGaussian() * Math.pow(10, random.nextInt(-5, 6));
        }
        double[] ranks = Ranks.of(x);
        for (int i = 0; i < x.length; i++) {
            int less = 0;
            int equal = 0;
            for (double v : x) {
                less += v < x[i] ? 1 : 0;
                equal += v == x[i] ? 1 : 0;
            }
            assertEquals(less + (equal + 1) / 2.0, ranks[i], 0, "value " + x[i]);
        }
    }
}
