package dev.langevin.rng;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.apache.commons.statistics.inference.SignificanceResult;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoiseTest {
    private static final long SEED = 0x5eed_cafe_f00dL;

    @Test
    void addressesTheBlockOfContract2() {
        Noise noise = new Noise(SEED);
        int[] block = new int[4];
        for (int coordinate = 0; coordinate < 12; coordinate++) {
            Philox.block(7, 123, coordinate / 4, 3, (int) SEED, (int) (SEED >>> 32), block);
            assertEquals(block[coordinate % 4], noise.bits(7, 123, coordinate, Stream.MOMENTUM));
        }
    }

    @Test
    void uniformsAreTheDocumentedMapAndStayInsideTheOpenInterval() {
        assertEquals(0x1.0p-25, Noise.toUniform(0));
        assertEquals(1 - 0x1.0p-25, Noise.toUniform(-1));
        // top 24 bits 0x123456, plus half a step: 0x123456.8 x 2^-24
        assertEquals(0x1.234568p-4, Noise.toUniform(0x12345678));
        assertTrue(Noise.toUniform(-1) < 1);
    }

    @Test
    void boxMullerPairsLanesZeroOneAndTwoThree() {
        // uniforms 1/4, 1/8, 3/4 and 3/8, each plus 2^-25; the normals computed in R
        // (u <- (c(0x400000, 0x200000, 0xC00000, 0x600000) + 0.5) / 2^24; sqrt(-2 log u[1]) cos(2 pi u[2]) ...)
        int[] words = {0x40000000, 0x20000000, 0xC0000000, 0x60000000};
        float[] normals = new float[4];
        Noise.boxMuller(words, normals);
        assertEquals((float) 1.17740975141777704, normals[0]);
        assertEquals((float) 1.17741019236608646, normals[1]);
        assertEquals((float) -0.53636008469524921, normals[2]);
        assertEquals((float) 0.53635988382466571, normals[3]);
    }

    @Test
    void normalsHaveStandardMomentsAndPassKolmogorovSmirnov() {
        Noise noise = new Noise(SEED);
        int n = 400_000;
        double[] x = new double[n];
        double sum = 0;
        double squares = 0;
        double cubes = 0;
        double fourth = 0;
        for (int i = 0; i < n; i++) {
            // walk chains, steps and coordinates so every part of the address is exercised
            x[i] = noise.normal(i % 1000, i / 1000 % 50, i / 50_000, Stream.LANGEVIN_NOISE);
            sum += x[i];
            squares += x[i] * x[i];
            cubes += x[i] * x[i] * x[i];
            fourth += x[i] * x[i] * x[i] * x[i];
        }
        double se = 1 / Math.sqrt(n);
        assertEquals(0, sum / n, 5 * se, "mean");
        assertEquals(1, squares / n, 5 * Math.sqrt(2) * se, "variance");
        assertEquals(0, cubes / n, 5 * Math.sqrt(15) * se, "third moment");
        assertEquals(3, fourth / n, 5 * Math.sqrt(96) * se, "fourth moment");
        SignificanceResult ks = KolmogorovSmirnovTest.withDefaults()
                .test(x, NormalDistribution.of(0, 1)::cumulativeProbability);
        assertTrue(ks.getPValue() > 1e-3, "KS p-value " + ks.getPValue());
    }

    @Test
    void uniformsPassKolmogorovSmirnov() {
        Noise noise = new Noise(SEED + 1);
        double[] u = new double[200_000];
        for (int i = 0; i < u.length; i++) {
            u[i] = noise.uniform(i % 997, i / 997, i % 5, Stream.METROPOLIS);
        }
        SignificanceResult ks = KolmogorovSmirnovTest.withDefaults().test(u, v -> Math.min(1, Math.max(0, v)));
        assertTrue(ks.getPValue() > 1e-3, "KS p-value " + ks.getPValue());
    }

    /** Distinct (chain, step, coordinate, stream) tuples map to distinct (Philox counter, lane) pairs. */
    @Test
    void noTwoAddressesShareABlockLane() {
        Set<String> seen = new HashSet<>();
        int[] chains = {0, 1, 2, 1023, 65535, Integer.MAX_VALUE};
        int[] steps = {0, 1, 4, 999_999, Integer.MAX_VALUE};
        int[] coordinates = {0, 1, 2, 3, 4, 5, 7, 8, 99, 100, 1 << 20};
        for (int chain : chains) {
            for (int step : steps) {
                for (int coordinate : coordinates) {
                    for (Stream stream : Stream.values()) {
                        String counterAndLane = chain + "/" + step + "/" + (coordinate >>> 2) + "/" + stream.id() + "#"
                                + (coordinate & 3);
                        assertTrue(seen.add(counterAndLane), counterAndLane);
                    }
                }
            }
        }
        // and different addresses give different words: a collision among these would betray aliasing
        Noise noise = new Noise(SEED);
        Set<Integer> words = new HashSet<>();
        int count = 0;
        for (int chain = 0; chain < 40; chain++) {
            for (int step = 0; step < 40; step++) {
                for (int coordinate = 0; coordinate < 8; coordinate++) {
                    for (Stream stream : Stream.values()) {
                        words.add(noise.bits(chain, step, coordinate, stream));
                        count++;
                    }
                }
            }
        }
        // 64000 words from 2^32: a few birthday collisions at most
        assertTrue(count - words.size() < 5, (count - words.size()) + " repeated words");
    }

    @Test
    void everyPartOfTheAddressChangesTheNumber() {
        Noise noise = new Noise(SEED);
        float base = noise.normal(5, 6, 7, Stream.LANGEVIN_NOISE);
        assertNotEquals(base, new Noise(SEED + 1).normal(5, 6, 7, Stream.LANGEVIN_NOISE));
        assertNotEquals(base, noise.normal(4, 6, 7, Stream.LANGEVIN_NOISE));
        assertNotEquals(base, noise.normal(5, 5, 7, Stream.LANGEVIN_NOISE));
        assertNotEquals(base, noise.normal(5, 6, 6, Stream.LANGEVIN_NOISE));
        assertNotEquals(base, noise.normal(5, 6, 7, Stream.INITIAL_STATE));
        assertEquals(base, new Noise(SEED).normal(5, 6, 7, Stream.LANGEVIN_NOISE), "a pure function of the address");
    }

    @Test
    void indicesCoverTheRangeUniformly() {
        Noise noise = new Noise(SEED);
        int n = 569;
        int[] counts = new int[n];
        int draws = 569 * 400;
        for (int i = 0; i < draws; i++) {
            int index = noise.index(i % 64, i / 64, i % 32, Stream.MINIBATCH, n);
            assertTrue(index >= 0 && index < n);
            counts[index]++;
        }
        double chiSquare = 0;
        for (int c : counts) {
            chiSquare += (c - 400.0) * (c - 400.0) / 400.0;
        }
        // chi-square with 568 degrees of freedom: mean 568, sd about 34
        assertTrue(chiSquare < 568 + 6 * 34, "chi-square " + chiSquare);
        assertEquals(0, Noise.toIndex(0, n));
        assertEquals(n - 1, Noise.toIndex(-1, n));
    }
}
