package dev.langevin.diagnostics;

/**
 * Least-significant-digit radix sort of long keys in 11-bit digits, with the keys' encodings
 * of floats and doubles whose unsigned order is numeric order. For the millions of draws of
 * one parameter this is several times faster than comparison sorting. -0.0 is encoded as 0.0,
 * which R ranks as a tie.
 */
final class RadixSort {
    private static final int DIGIT_BITS = 11;
    private static final int BUCKETS = 1 << DIGIT_BITS;

    private RadixSort() {
    }

    /**
     * Where the sorted keys and their order ended up (each is one of the two arrays passed in).
     *
     * @param keys  the keys in ascending unsigned order
     * @param order the order array moved along with them, or null
     */
    record Sorted(long[] keys, int[] order) {
    }

    /** A key whose unsigned order is the order of the doubles. */
    static long doubleKey(double value) {
        long bits = Double.doubleToRawLongBits(value + 0.0);
        return bits ^ ((bits >> 63) | Long.MIN_VALUE);
    }

    /** The double of a {@link #doubleKey}. */
    static double fromDoubleKey(long key) {
        return Double.longBitsToDouble(key < 0 ? key ^ Long.MIN_VALUE : ~key);
    }

    /** A 32-bit key whose unsigned order is the order of the floats. */
    static int floatKey(float value) {
        int bits = Float.floatToRawIntBits(value + 0.0f);
        return bits ^ ((bits >> 31) | Integer.MIN_VALUE);
    }

    /** The float of a {@link #floatKey}. */
    static float fromFloatKey(int key) {
        return Float.intBitsToFloat(key < 0 ? key ^ Integer.MIN_VALUE : ~key);
    }

    /**
     * Sorts keys[0 .. n) by their unsigned bits [from, to), stably, moving {@code order} along when
     * it is not null. The buffers are as long as the keys; passes in which every key has the same
     * digit are skipped, and one counting pass serves all digits.
     */
    static Sorted sort(long[] keys, long[] keyBuffer, int[] order, int[] orderBuffer, int n, int from, int to) {
        long[] a = keys;
        long[] b = keyBuffer;
        int[] orderA = order;
        int[] orderB = orderBuffer;
        int passes = (to - from + DIGIT_BITS - 1) / DIGIT_BITS;
        int[][] histograms = new int[passes][BUCKETS];
        for (int i = 0; i < n; i++) {
            long key = a[i] >>> from;
            for (int p = 0; p < passes; p++) {
                histograms[p][(int) (key >>> (p * DIGIT_BITS)) & (BUCKETS - 1)]++;
            }
        }
        for (int pass = 0; pass < passes; pass++) {
            int shift = from + pass * DIGIT_BITS;
            int mask = (1 << Math.min(DIGIT_BITS, to - shift)) - 1;
            int[] counts = histograms[pass];
            if (n == 0 || counts[(int) (a[0] >>> shift) & mask] == n) {
                continue; // every key has this digit: the pass would not move anything
            }
            int total = 0;
            for (int d = 0; d <= mask; d++) {
                int c = counts[d];
                counts[d] = total;
                total += c;
            }
            if (orderA == null) {
                for (int i = 0; i < n; i++) {
                    long key = a[i];
                    b[counts[(int) (key >>> shift) & mask]++] = key;
                }
            } else {
                for (int i = 0; i < n; i++) {
                    long key = a[i];
                    int position = counts[(int) (key >>> shift) & mask]++;
                    b[position] = key;
                    orderB[position] = orderA[i];
                }
                int[] swapOrder = orderA;
                orderA = orderB;
                orderB = swapOrder;
            }
            long[] swap = a;
            a = b;
            b = swap;
        }
        return new Sorted(a, orderA);
    }
}
