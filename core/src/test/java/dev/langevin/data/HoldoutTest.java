package dev.langevin.data;

import dev.langevin.error.InvalidParameterException;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HoldoutTest {
    @Test
    void theSplitIsAPartitionFixedByItsSeed() {
        Holdout split = Holdout.split(1797, 0.2, 0);
        assertEquals(359, split.heldOut().length, "round(0.2 * 1797)");
        assertEquals(1438, split.kept().length);
        int[] all = IntStream.concat(Arrays.stream(split.heldOut()), Arrays.stream(split.kept())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 1797).toArray(), all);
        assertTrue(IntStream.range(1, split.heldOut().length).allMatch(i -> split.heldOut()[i] > split.heldOut()[i - 1]));
        assertArrayEquals(split.heldOut(), Holdout.split(1797, 0.2, 0).heldOut());
        assertNotEquals(split.heldOutHash(), Holdout.split(1797, 0.2, 1).heldOutHash());
        // java.util.Random's sequence is fixed by its specification, so the split of a recorded seed never changes:
        // these are the rows a run with --holdout 0.2 on the digits holds out, as its run.json records them
        assertArrayEquals(new int[] {2, 5, 9, 12, 14}, Arrays.copyOf(split.heldOut(), 5));
        assertEquals("0f5fc5a0ea9c43cf49bed4407c00bc43d576524d2784fa27cafab88a27096b05", split.heldOutHash());
    }

    @Test
    void theHashIsOfTheRowsWrittenOut() throws Exception {
        Holdout split = new Holdout(0.5, 0, new int[] {3, 17, 20}, new int[] {0});
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest("3,17,20".getBytes());
        assertEquals(java.util.HexFormat.of().formatHex(digest), split.heldOutHash());
    }

    @Test
    void heldOutRowsAreStandardisedByTheTrainingRows() {
        // rows 0..5 with feature = row index; labels = 10 * row
        double[] features = {0, 1, 2, 3, 4, 5};
        double[] labels = {0, 10, 20, 30, 40, 50};
        Dataset all = new Dataset(features, labels, 6, 1, new double[1], new double[] {1});
        Holdout split = Holdout.split(6, 0.5, 3);
        Holdout.Parts parts = split.apply(all, true);
        double[] train = Arrays.stream(split.kept()).asDoubleStream().toArray();
        double mean = Arrays.stream(train).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(train).map(v -> (v - mean) * (v - mean)).sum() / (train.length - 1));
        for (int i = 0; i < 3; i++) {
            int row = split.heldOut()[i];
            assertEquals((row - mean) / sd, parts.test().feature(i, 0), 1e-12);
            assertEquals(10.0 * row, parts.test().labels()[i]);
            assertEquals((split.kept()[i] - mean) / sd, parts.train().feature(i, 0), 1e-12);
        }
        Holdout.Parts raw = split.apply(all, false);
        assertEquals(split.heldOut()[0], raw.test().feature(0, 0));
    }

    @Test
    void aSplitLeavingAnEmptyPartIsRefused() {
        assertThrows(InvalidParameterException.class, () -> Holdout.split(10, 0, 0));
        assertThrows(InvalidParameterException.class, () -> Holdout.split(10, 1, 0));
        assertTrue(assertThrows(InvalidParameterException.class, () -> Holdout.split(10, 0.01, 0)).getMessage()
                .contains("leaves no held-out row"));
    }
}
