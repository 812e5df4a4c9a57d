package dev.langevin.rng;

import org.apache.commons.rng.core.source32.Philox4x32;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class PhiloxTest {

    /** Random123's kat_vectors for philox4x32_10: counter, key, expected output. */
    @Test
    void matchesRandom123KnownAnswers() {
        int[][][] vectors = {
            {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
            {{-1, -1, -1, -1}, {-1, -1}, {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
            {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0},
                {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
        };
        int[] out = new int[4];
        for (int[][] v : vectors) {
            Philox.block(v[0][0], v[0][1], v[0][2], v[0][3], v[1][0], v[1][1], out);
            assertArrayEquals(v[2], out);
        }
    }

    /**
     * Commons RNG's Philox4x32 increments its 128-bit counter before the first block, so our
     * block for counter c equals its first four outputs when seeded with c - 1 (docs/DESIGN.md).
     */
    @Test
    void bitIdenticalToCommonsRngOverRandomKeysAndCounters() {
        SplittableRandom random = new SplittableRandom(20111112L);
        int[] ours = new int[4];
        for (int trial = 0; trial < 100_000; trial++) {
            int[] counter = new int[4];
            for (int i = 0; i < 4; i++) {
                // a quarter of the trials use all-zero or all-one low words to exercise the borrow
                counter[i] = trial % 4 == 0 && i < 2 ? (trial % 8 == 0 ? 0 : -1) : random.nextInt();
            }
            int key0 = random.nextInt();
            int key1 = random.nextInt();
            Philox.block(counter[0], counter[1], counter[2], counter[3], key0, key1, ours);

            int[] before = decrement(counter);
            Philox4x32 commons = new Philox4x32(new int[] {key0, key1, before[0], before[1], before[2], before[3]});
            int[] theirs = {commons.nextInt(), commons.nextInt(), commons.nextInt(), commons.nextInt()};
            assertArrayEquals(theirs, ours, "trial " + trial);
        }
    }

    /** The 128-bit counter minus one, word 0 least significant. */
    private static int[] decrement(int[] counter) {
        int[] out = counter.clone();
        for (int i = 0; i < 4; i++) {
            out[i] = counter[i] - 1;
            if (counter[i] != 0) {
                break;
            }
        }
        return out;
    }
}
