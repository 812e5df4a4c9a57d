package dev.langevin.engine.cpu;

import dev.langevin.rng.Philox;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The noise of {@link dev.langevin.rng.Noise} for one SIMD vector of consecutive chains at a
 * time: lane b holds chain {@code chain0 + b}, so one call computes the Philox4x32-10 blocks
 * of every lane for the same (step, coordinate / 4, stream), bit for bit as
 * {@link Philox#block} does for one chain.
 *
 * <p>The Vector API has no 32 x 32 to 64-bit multiply on int lanes, so for the high words each
 * round views the int lanes as long lanes and multiplies the even and the odd 32-bit halves
 * separately (one unsigned widening multiply each on x86), then interleaves their high words;
 * the low words are the int lanes' own wrapping products.
 *
 * <p>Box-Muller runs in float with {@link VectorMath}'s functions, so the normals are the same
 * bits whether or not the JIT has compiled this class. The uniform u0 = (m + 1/2) 2^-24 needs
 * 25 bits when u0 >= 1/2, so the logarithm works from 1 - u0 there, which is exact: the normals
 * stay within a few float ulps of the reference's double computation. Not thread-safe: it
 * owns scratch arrays.
 */
final class VectorNoise {
    /** The float lanes: one chain per lane. */
    static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    /** Int lanes of the same shape. */
    static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    /** Chains per vector. */
    static final int LANES = FLOATS.length();

    private static final long LOW_WORD = 0xFFFFFFFFL;
    private static final long HIGH_WORD = 0xFFFFFFFF00000000L;
    private static final long MULTIPLIER_0 = Philox.MULTIPLIER_0 & LOW_WORD;
    private static final long MULTIPLIER_1 = Philox.MULTIPLIER_1 & LOW_WORD;
    private static final int HALF_RANGE = 1 << 23;
    private static final float SPACING = 0x1.0p-24f;
    private static final float HALF_SPACING = 0x1.0p-25f;
    private static final float TWO_PI = (float) (2 * Math.PI);
    private static final IntVector IOTA = IntVector.zero(INTS).addIndex(1);

    private final int key0;
    private final int key1;
    /** The Philox words of the quads in flight, in the block layout: word w of quad q at (4 q + w) LANES. */
    private int[] words = new int[4 * LANES];
    private final VectorMath math = new VectorMath();

    /** @param seed the run's 64-bit seed, the Philox key */
    VectorNoise(long seed) {
        if (IntVector.SPECIES_PREFERRED.length() != LANES) {
            throw new IllegalStateException("int and float vectors differ in length on this machine.");
        }
        this.key0 = (int) seed;
        this.key1 = (int) (seed >>> 32);
    }

    /**
     * The Philox blocks of chains chain0 .. chain0 + LANES - 1 at counter (chain, step, quad,
     * stream): word w of lane b goes to {@code out[w * LANES + b]}.
     */
    void bits(int chain0, int step, int quad, int stream, int[] out) {
        blocks(chain0, step, quad, 1, stream, out);
    }

    /**
     * {@link #bits} of quads firstQuad .. firstQuad + quads - 1: word w of quad firstQuad + q, lane
     * b, goes to {@code out[(4 q + w) * LANES + b]}, which for firstQuad 0 is coordinate 4 q + w's
     * place in the block layout.
     */
    void blocks(int chain0, int step, int firstQuad, int quads, int stream, int[] out) {
        IntVector chains = IOTA.add(chain0);
        IntVector steps = IntVector.broadcast(INTS, step);
        IntVector streams = IntVector.broadcast(INTS, stream);
        for (int q = 0; q < quads; q++) {
            IntVector c0 = chains;
            IntVector c1 = steps;
            IntVector c2 = IntVector.broadcast(INTS, firstQuad + q);
            IntVector c3 = streams;
            int k0 = key0;
            int k1 = key1;
            for (int round = 0; round < Philox.ROUNDS; round++) {
                if (round > 0) {
                    k0 += Philox.WEYL_0;
                    k1 += Philox.WEYL_1;
                }
                // the low words are the int lanes' own (wrapping) products; the high words come from the
                // 64-bit products of the even and the odd lanes
                IntVector lo0 = c0.mul(Philox.MULTIPLIER_0);
                LongVector x0 = c0.reinterpretAsLongs();
                LongVector even0 = x0.and(LOW_WORD).mul(MULTIPLIER_0);
                LongVector odd0 = x0.lanewise(VectorOperators.LSHR, 32).mul(MULTIPLIER_0);
                IntVector hi0 = even0.lanewise(VectorOperators.LSHR, 32).or(odd0.and(HIGH_WORD)).reinterpretAsInts();
                IntVector lo1 = c2.mul(Philox.MULTIPLIER_1);
                LongVector x2 = c2.reinterpretAsLongs();
                LongVector even1 = x2.and(LOW_WORD).mul(MULTIPLIER_1);
                LongVector odd1 = x2.lanewise(VectorOperators.LSHR, 32).mul(MULTIPLIER_1);
                IntVector hi1 = even1.lanewise(VectorOperators.LSHR, 32).or(odd1.and(HIGH_WORD)).reinterpretAsInts();
                IntVector next0 = hi1.lanewise(VectorOperators.XOR, c1).lanewise(VectorOperators.XOR, k0);
                IntVector next2 = hi0.lanewise(VectorOperators.XOR, c3).lanewise(VectorOperators.XOR, k1);
                c0 = next0;
                c1 = lo1;
                c2 = next2;
                c3 = lo0;
            }
            int at = 4 * q * LANES;
            c0.intoArray(out, at);
            c1.intoArray(out, at + LANES);
            c2.intoArray(out, at + 2 * LANES);
            c3.intoArray(out, at + 3 * LANES);
        }
    }

    /**
     * The standard normals of coordinates 4 quad .. 4 quad + count - 1 (count up to 4) for every
     * lane: normal r of lane b goes to {@code out[r * LANES + b]}. With count <= 2 the second
     * Box-Muller pair is not computed.
     */
    void normals(int chain0, int step, int quad, int stream, int count, float[] out) {
        blocks(chain0, step, quad, 1, stream, words);
        boxMuller(count <= 2 ? 1 : 2, out);
    }

    /**
     * The standard normals of coordinates 0 .. dims - 1 of every lane, in the block layout:
     * coordinate j of lane b at {@code out[j * LANES + b]}, the same numbers as {@link #normals(int,
     * int, int, int, int, float[])} gives quad by quad. out holds {@link #normalsLength}(dims)
     * floats, since a last partial quad's words are drawn whole (its second pair's normals only when
     * it has a third coordinate). Drawing a whole step at once lets each
     * stage run as one loop with its constants in registers.
     */
    void normals(int chain0, int step, int stream, int dims, float[] out) {
        int quads = (dims + 3) / 4;
        if (words.length < 4 * quads * LANES) {
            words = new int[4 * quads * LANES];
        }
        blocks(chain0, step, 0, quads, stream, words);
        // pair p gives coordinates 2p and 2p + 1: a last quad with one or two coordinates needs its first pair only
        boxMuller((dims + 1) / 2, out);
    }

    /** Floats {@link #normals(int, int, int, int, float[])} writes for dims coordinates. */
    static int normalsLength(int dims) {
        return 4 * ((dims + 3) / 4) * LANES;
    }

    /**
     * Box-Muller on the words' pairs (2 p, 2 p + 1), p < pairs, each to the same two places of out:
     * (r cos(2 pi u1), r sin(2 pi u1)) with r = sqrt(-2 ln u0).
     */
    private void boxMuller(int pairs, float[] out) {
        int stride = 2 * LANES;
        math.logUniform(words, 0, stride, out, 0, pairs);
        for (int pair = 0; pair < pairs; pair++) {
            int at = pair * stride;
            // -sqrt(-2 ln u0), negated because of the shifted angle below
            FloatVector.fromArray(FLOATS, out, at).mul(-2f).lanewise(VectorOperators.SQRT).neg().intoArray(out, at);
            // cos(2 pi u1) = -cos(2 pi (u1 - 1/2)), and u1 - 1/2 is exact: the angle lies in (-pi, pi)
            IntVector m1 = IntVector.fromArray(INTS, words, at + LANES).lanewise(VectorOperators.LSHR, 8);
            ((FloatVector) m1.sub(HALF_RANGE).convert(VectorOperators.I2F, 0))
                    .fma(SPACING, HALF_SPACING).mul(TWO_PI).intoArray(out, at + LANES);
        }
        // the angle of pair p at its sine's place and the radius at its cosine's, overwritten in place
        VectorMath.cosSin(out, LANES, out, 0, out, 0, out, LANES, stride, pairs);
    }
}
