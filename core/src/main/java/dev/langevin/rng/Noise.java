package dev.langevin.rng;

/**
 * Random numbers addressed by (seed, chain, step, coordinate, stream), docs/DESIGN.md contract 2.
 *
 * <p>Philox4x32-10 with key = the 64-bit seed and counter = (chain, step, coordinate / 4,
 * stream). Each block's four words become four uniforms {@code ((x >>> 8) + 0.5) * 2^-24}
 * in (0, 1), and Box-Muller turns the pairs (0, 1) and (2, 3) into four standard normals;
 * coordinate j takes lane j mod 4. Every number is a pure function of its address, so the
 * engines, thread counts and chain splits of a run all see the same numbers.
 *
 * <p>Instances cache the last block, which makes sequential reads along the coordinate
 * axis cost one block per four numbers; an instance is therefore not thread-safe.
 */
public final class Noise {
    /** Coordinates sharing one Philox block. */
    public static final int LANES = 4;
    /** 2^-24: the spacing of the 24-bit uniforms. */
    public static final double UNIFORM_SPACING = 0x1.0p-24;

    private final int key0;
    private final int key1;
    private final int[] block = new int[LANES];
    private final float[] normals = new float[LANES];
    private long cachedCounter = Long.MIN_VALUE;
    private int cachedChain;
    private int cachedStream = -1;
    private boolean normalsValid;

    /**
     * @param seed the run's 64-bit seed, the Philox key
     */
    public Noise(long seed) {
        this.key0 = (int) seed;
        this.key1 = (int) (seed >>> 32);
    }

    /** The raw 32-bit word for an address: lane coordinate mod 4 of block (chain, step, coordinate / 4, stream). */
    public int bits(int chain, int step, int coordinate, Stream stream) {
        load(chain, step, coordinate, stream.id());
        return block[coordinate & (LANES - 1)];
    }

    /** A uniform in (0, 1) with 24 bits of resolution; never 0 or 1. */
    public double uniform(int chain, int step, int coordinate, Stream stream) {
        return toUniform(bits(chain, step, coordinate, stream));
    }

    /** A standard normal: Box-Muller on the block's uniform pairs (0, 1) and (2, 3). */
    public float normal(int chain, int step, int coordinate, Stream stream) {
        load(chain, step, coordinate, stream.id());
        if (!normalsValid) {
            boxMuller(block, normals);
            normalsValid = true;
        }
        return normals[coordinate & (LANES - 1)];
    }

    /**
     * An index uniform on {0, ..., n - 1} from one 32-bit word, by the multiply-shift map
     * {@code (x * n) >>> 32}; the bias is below n / 2^32.
     */
    public int index(int chain, int step, int coordinate, Stream stream, int n) {
        return toIndex(bits(chain, step, coordinate, stream), n);
    }

    /**
     * Maps a 32-bit word to a uniform in (0, 1): {@code ((x >>> 8) + 0.5) * 2^-24}, exact in
     * double. (In float the largest values would round up to 1, since they need 25 bits.)
     */
    public static double toUniform(int word) {
        return ((word >>> 8) + 0.5) * UNIFORM_SPACING;
    }

    /** Maps a 32-bit word to {0, ..., n - 1} by {@code (x * n) >>> 32}. */
    public static int toIndex(int word, int n) {
        return (int) (((word & 0xFFFFFFFFL) * n) >>> 32);
    }

    /**
     * Box-Muller: (u0, u1) gives {@code r cos(2 pi u1), r sin(2 pi u1)} with
     * {@code r = sqrt(-2 ln u0)}, and likewise (u2, u3). Evaluated in double and rounded
     * once, which makes this the most accurate float result the kernels can approach.
     */
    public static void boxMuller(int[] words, float[] out) {
        for (int pair = 0; pair < LANES; pair += 2) {
            double radius = Math.sqrt(-2.0 * Math.log(toUniform(words[pair])));
            double angle = 2.0 * Math.PI * toUniform(words[pair + 1]);
            out[pair] = (float) (radius * Math.cos(angle));
            out[pair + 1] = (float) (radius * Math.sin(angle));
        }
    }

    private void load(int chain, int step, int coordinate, int stream) {
        long counter = ((long) step << 32) | ((coordinate >>> 2) & 0xFFFFFFFFL);
        if (counter == cachedCounter && chain == cachedChain && stream == cachedStream) {
            return;
        }
        Philox.block(chain, step, coordinate >>> 2, stream, key0, key1, block);
        cachedCounter = counter;
        cachedChain = chain;
        cachedStream = stream;
        normalsValid = false;
    }
}
