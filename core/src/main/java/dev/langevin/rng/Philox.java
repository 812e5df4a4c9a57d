package dev.langevin.rng;

/**
 * The Philox4x32-10 block function: a keyed bijection of a 128-bit counter.
 *
 * <p>Salmon, Moraes, Dror, Shaw (2011), "Parallel random numbers: as easy as 1, 2, 3",
 * Proceedings of the International Conference for High Performance Computing, Networking,
 * Storage and Analysis (SC11). Ten rounds of two 32x32-to-64-bit multiplications with a
 * Weyl-sequence key schedule. Bit-identical to Random123's {@code philox4x32_R(10, ...)}
 * and to Apache Commons RNG's {@code Philox4x32}; the OpenCL kernels carry the same
 * function in {@code kernels/philox.cl}.
 */
public final class Philox {
    /** Multiplier applied to counter word 0 in each round. */
    public static final int MULTIPLIER_0 = 0xD2511F53;
    /** Multiplier applied to counter word 2 in each round. */
    public static final int MULTIPLIER_1 = 0xCD9E8D57;
    /** Key schedule increment for key word 0: the golden ratio, (sqrt(5) - 1) / 2 * 2^32. */
    public static final int WEYL_0 = 0x9E3779B9;
    /** Key schedule increment for key word 1: sqrt(3) - 1 times 2^32. */
    public static final int WEYL_1 = 0xBB67AE85;
    /** Number of rounds; ten is the variant Random123 recommends and Crush-resistant. */
    public static final int ROUNDS = 10;

    private Philox() {
    }

    /**
     * Computes one block: four 32-bit outputs for a 128-bit counter and a 64-bit key.
     *
     * @param ctr0 counter word 0 (least significant)
     * @param ctr1 counter word 1
     * @param ctr2 counter word 2
     * @param ctr3 counter word 3 (most significant)
     * @param key0 key word 0 (low half of the seed)
     * @param key1 key word 1 (high half of the seed)
     * @param out  receives the four output words, in order
     */
    public static void block(int ctr0, int ctr1, int ctr2, int ctr3, int key0, int key1, int[] out) {
        int c0 = ctr0;
        int c1 = ctr1;
        int c2 = ctr2;
        int c3 = ctr3;
        int k0 = key0;
        int k1 = key1;
        for (int round = 0; round < ROUNDS; round++) {
            if (round > 0) {
                k0 += WEYL_0;
                k1 += WEYL_1;
            }
            long product0 = (MULTIPLIER_0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long product1 = (MULTIPLIER_1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int hi0 = (int) (product0 >>> 32);
            int lo0 = (int) product0;
            int hi1 = (int) (product1 >>> 32);
            int lo1 = (int) product1;
            c0 = hi1 ^ c1 ^ k0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ k1;
            c3 = lo0;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }
}
