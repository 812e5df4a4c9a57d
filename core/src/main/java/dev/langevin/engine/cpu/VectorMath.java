package dev.langevin.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float exp, log and (cos, sin) on one vector of lanes, built only from IEEE-exact operations
 * (add, multiply, fused multiply-add, conversions, bit operations).
 *
 * <p>Why not {@code lanewise(EXP)} and friends: the Vector API computes those with the
 * platform's SVML library once the JIT has compiled a method, and with {@code Math} before,
 * and the two differ in the last bit; a run's numbers would then depend on when the JIT
 * finished. The functions here give the same bits in the interpreter and in compiled code, on
 * every machine.
 *
 * <p>Each function reads its argument from an array and writes its result to one, so no
 * vector crosses a call the JIT might decline to inline (a vector that does is boxed, which
 * costs far more than the arithmetic). An instance owns the scratch arrays between the
 * stages of a logarithm and is therefore not thread-safe.
 *
 * <p>The range reductions and minimax polynomials are those of Moshier's Cephes single
 * precision library ({@code expf.c}, {@code logf.c}, {@code sinf.c}; S. L. Moshier, "Methods
 * and Programs for Mathematical Functions", 1989), accurate to about one float ulp for
 * arguments of moderate size (|x| below 8192 for cos and sin).
 */
final class VectorMath {
    private static final VectorSpecies<Float> FLOATS = VectorNoise.FLOATS;
    private static final int LANES = VectorNoise.LANES;

    /** ln 2 split in a part with few bits (products by small integers are exact) and the rest. */
    private static final float LN2_HIGH = 0.693359375f;
    private static final float LN2_LOW = -2.12194440e-4f;
    private static final float LOG2_E = 1.44269504088896341f;
    private static final float SQRT_HALF = 0.707106781186547524f;
    /** exp overflows above this and falls below the smallest normal float beneath the next. */
    private static final float EXP_MAX = 88.72283905206835f;
    private static final float EXP_MIN = -87.33654475055310898657f;
    private static final float FOUR_OVER_PI = 1.27323954473516f;
    /** pi / 4 in three parts for the Cody-Waite reduction. */
    private static final float PI4_A = 0.78515625f;
    private static final float PI4_B = 2.4187564849853515625e-4f;
    private static final float PI4_C = 3.77489497744594108e-8f;
    private static final int SIGN_BIT = 0x80000000;
    private static final int HALF_RANGE = 1 << 23;

    /** The reduced arguments and exponents of logarithms between their two stages, one vector per argument. */
    private float[] reduced = new float[LANES];
    private float[] exponent = new float[LANES];

    /** out[outAt..] = e^x[at..]; +infinity above {@link #EXP_MAX}, 0 below {@link #EXP_MIN}, NaN for NaN. */
    void exp(float[] in, int at, float[] out, int outAt) {
        FloatVector x = FloatVector.fromArray(FLOATS, in, at);
        FloatVector clamped = x.max(EXP_MIN).min(EXP_MAX);
        // n = floor(x log2 e + 1/2), the truncation corrected for negative arguments
        FloatVector shifted = clamped.fma(FloatVector.broadcast(FLOATS, LOG2_E), FloatVector.broadcast(FLOATS, 0.5f));
        IntVector truncated = (IntVector) shifted.convert(VectorOperators.F2I, 0);
        FloatVector n = (FloatVector) truncated.convert(VectorOperators.I2F, 0);
        VectorMask<Float> above = n.compare(VectorOperators.GT, shifted);
        n = n.sub(1f, above);
        IntVector k = truncated.sub(1, above.cast(VectorNoise.INTS));
        FloatVector r = n.fma(FloatVector.broadcast(FLOATS, -LN2_HIGH), clamped);
        r = n.fma(FloatVector.broadcast(FLOATS, -LN2_LOW), r);
        FloatVector p = r.fma(1.9875691500E-4f, 1.3981999507E-3f);
        p = p.fma(r, FloatVector.broadcast(FLOATS, 8.3334519073E-3f));
        p = p.fma(r, FloatVector.broadcast(FLOATS, 4.1665795894E-2f));
        p = p.fma(r, FloatVector.broadcast(FLOATS, 1.6666665459E-1f));
        p = p.fma(r, FloatVector.broadcast(FLOATS, 5.0000001201E-1f));
        FloatVector y = p.fma(r.mul(r), r).add(1f);
        // 2^n as two factors 2^(n/2) 2^(n - n/2), each a normal float for n in [-126, 128]
        IntVector half = k.lanewise(VectorOperators.ASHR, 1);
        FloatVector scale0 = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector scale1 = k.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector result = y.mul(scale0).mul(scale1);
        result = result.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_MAX));
        result = result.blend(0f, x.compare(VectorOperators.LT, EXP_MIN));
        result.blend(x, x.test(VectorOperators.IS_NAN)).intoArray(out, outAt);
    }

    /**
     * out[outAt..] = ln x[at..] for x > 0 and normal; ln 0 = -infinity, ln of a negative number
     * or NaN is NaN, ln infinity is infinity.
     */
    void log(float[] in, int at, float[] out, int outAt) {
        FloatVector x = FloatVector.fromArray(FLOATS, in, at);
        IntVector bits = x.reinterpretAsInts();
        // x = m 2^e with m in [1/2, 1), then m moved into [sqrt(1/2), sqrt(2))
        IntVector e = bits.lanewise(VectorOperators.LSHR, 23).and(0xFF).sub(126);
        FloatVector m = bits.and(0x007FFFFF).or(0x3F000000).reinterpretAsFloats();
        VectorMask<Float> small = m.compare(VectorOperators.LT, SQRT_HALF);
        ((FloatVector) e.convert(VectorOperators.I2F, 0)).sub(1f, small).intoArray(exponent, 0);
        m.sub(1f).add(m, small).intoArray(reduced, 0);
        logTail(1, out, outAt, LANES);
        FloatVector result = FloatVector.fromArray(FLOATS, out, outAt);
        result = result.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        result = result.blend(Float.NaN, x.compare(VectorOperators.LT, 0f));
        result.blend(x, x.test(VectorOperators.IS_INFINITE).or(x.test(VectorOperators.IS_NAN))).intoArray(out, outAt);
    }

    /**
     * out[outAt + i stride..] = ln u for the uniforms u = (m + 1/2) 2^-24, m = words[at + i stride..] >>> 8
     * (docs/DESIGN.md contract 2), for i = 0 .. count - 1, without rounding u: for u >= 1/2 the
     * reduced argument comes from 1 - u, which, unlike u, is exact in float. One call for many
     * vectors keeps the constants in registers across them.
     */
    void logUniform(int[] words, int at, int stride, float[] out, int outAt, int count) {
        if (reduced.length < count * LANES) {
            reduced = new float[count * LANES];
            exponent = new float[count * LANES];
        }
        for (int i = 0; i < count; i++) {
            IntVector m = IntVector.fromArray(VectorNoise.INTS, words, at + i * stride).lanewise(VectorOperators.LSHR, 8);
            VectorMask<Float> upper = m.compare(VectorOperators.GE, HALF_RANGE).cast(FLOATS);
            FloatVector u = ((FloatVector) m.convert(VectorOperators.I2F, 0)).fma(0x1.0p-24f, 0x1.0p-25f);
            IntVector bits = u.reinterpretAsInts();
            IntVector e = bits.lanewise(VectorOperators.LSHR, 23).and(0xFF).sub(126);
            FloatVector mantissa = bits.and(0x007FFFFF).or(0x3F000000).reinterpretAsFloats();
            VectorMask<Float> small = mantissa.compare(VectorOperators.LT, SQRT_HALF);
            FloatVector lowerE = ((FloatVector) e.convert(VectorOperators.I2F, 0)).sub(1f, small);
            FloatVector lowerReduced = mantissa.sub(1f).add(mantissa, small);
            // u >= 1/2: t = 1 - u exactly; u >= sqrt(1/2) reduces to -t, u < sqrt(1/2) to 2u - 1 = 1 - 2t (exact)
            IntVector complement = IntVector.broadcast(VectorNoise.INTS, (1 << 24) - 1).sub(m);
            FloatVector t = ((FloatVector) complement.convert(VectorOperators.I2F, 0)).fma(0x1.0p-24f, 0x1.0p-25f);
            VectorMask<Float> nearOne = t.compare(VectorOperators.LE, 1 - SQRT_HALF);
            FloatVector upperReduced = t.mul(-2f).add(1f).blend(t.neg(), nearOne);
            FloatVector upperE = FloatVector.broadcast(FLOATS, -1f).blend(0f, nearOne);
            lowerReduced.blend(upperReduced, upper).intoArray(reduced, i * LANES);
            lowerE.blend(upperE, upper).intoArray(exponent, i * LANES);
        }
        logTail(count, out, outAt, stride);
    }

    /**
     * ln((1 + x) 2^e) for the count vectors x in [sqrt(1/2) - 1, sqrt(2) - 1] and e of the reduced
     * and exponent scratch, to out[outAt + i stride..]: Cephes logf's polynomial.
     */
    private void logTail(int count, float[] out, int outAt, int stride) {
        for (int i = 0; i < count; i++) {
            FloatVector x = FloatVector.fromArray(FLOATS, reduced, i * LANES);
            FloatVector e = FloatVector.fromArray(FLOATS, exponent, i * LANES);
            FloatVector z = x.mul(x);
            FloatVector p = x.fma(7.0376836292E-2f, -1.1514610310E-1f);
            p = p.fma(x, FloatVector.broadcast(FLOATS, 1.1676998740E-1f));
            p = p.fma(x, FloatVector.broadcast(FLOATS, -1.2420140846E-1f));
            p = p.fma(x, FloatVector.broadcast(FLOATS, 1.4249322787E-1f));
            p = p.fma(x, FloatVector.broadcast(FLOATS, -1.6668057665E-1f));
            p = p.fma(x, FloatVector.broadcast(FLOATS, 2.0000714765E-1f));
            p = p.fma(x, FloatVector.broadcast(FLOATS, -2.4999993993E-1f));
            p = p.fma(x, FloatVector.broadcast(FLOATS, 3.3333331174E-1f));
            FloatVector y = p.mul(x).mul(z);
            y = e.fma(FloatVector.broadcast(FLOATS, LN2_LOW), y);
            y = z.fma(FloatVector.broadcast(FLOATS, -0.5f), y);
            e.fma(FloatVector.broadcast(FLOATS, LN2_HIGH), x.add(y)).intoArray(out, outAt + i * stride);
        }
    }

    /**
     * cos and sin of x[at..], times scale[scaleAt..]: cos to cos[cosAt..], sin to sin[sinAt..],
     * sharing the range reduction and both polynomials.
     */
    static void cosSin(float[] in, int at, float[] scale, int scaleAt, float[] cos, int cosAt, float[] sin, int sinAt) {
        cosSin(in, at, scale, scaleAt, cos, cosAt, sin, sinAt, 0, 1);
    }

    /**
     * {@link #cosSin(float[], int, float[], int, float[], int, float[], int)} for count vectors,
     * every position advancing by stride from one to the next; vector i is read before it is
     * written, so the outputs may overwrite its inputs.
     */
    static void cosSin(float[] in, int at, float[] scale, int scaleAt, float[] cos, int cosAt, float[] sin, int sinAt,
            int stride, int count) {
        for (int i = 0; i < count; i++) {
            FloatVector x = FloatVector.fromArray(FLOATS, in, at + i * stride);
            FloatVector ax = x.abs();
            // j: the even octant nearest to |x| / (pi / 4), as Cephes rounds it
            IntVector j = ((IntVector) ax.mul(FOUR_OVER_PI).convert(VectorOperators.F2I, 0)).add(1).and(~1);
            FloatVector y = (FloatVector) j.convert(VectorOperators.I2F, 0);
            FloatVector r = y.fma(FloatVector.broadcast(FLOATS, -PI4_A), ax);
            r = y.fma(FloatVector.broadcast(FLOATS, -PI4_B), r);
            r = y.fma(FloatVector.broadcast(FLOATS, -PI4_C), r);
            FloatVector z = r.mul(r);
            FloatVector sinePoly = z.fma(-1.9515295891E-4f, 8.3321608736E-3f);
            sinePoly = sinePoly.fma(z, FloatVector.broadcast(FLOATS, -1.6666654611E-1f));
            FloatVector sine = sinePoly.mul(z).fma(r, r);
            FloatVector cosinePoly = z.fma(2.443315711809948E-5f, -1.388731625493765E-3f);
            cosinePoly = cosinePoly.fma(z, FloatVector.broadcast(FLOATS, 4.166664568298827E-2f));
            FloatVector cosine = cosinePoly.mul(z).mul(z).add(z.mul(-0.5f)).add(1f);
            VectorMask<Float> swapped = j.and(2).compare(VectorOperators.NE, 0).cast(FLOATS);
            IntVector sinSign = j.and(4).lanewise(VectorOperators.LSHL, 29)
                    .lanewise(VectorOperators.XOR, x.reinterpretAsInts().and(SIGN_BIT));
            IntVector cosSign = j.add(2).and(4).lanewise(VectorOperators.LSHL, 29);
            FloatVector factor = FloatVector.fromArray(FLOATS, scale, scaleAt + i * stride);
            FloatVector sinValue = sine.blend(cosine, swapped).reinterpretAsInts()
                    .lanewise(VectorOperators.XOR, sinSign).reinterpretAsFloats();
            FloatVector cosValue = cosine.blend(sine, swapped).reinterpretAsInts()
                    .lanewise(VectorOperators.XOR, cosSign).reinterpretAsFloats();
            factor.mul(cosValue).intoArray(cos, cosAt + i * stride);
            factor.mul(sinValue).intoArray(sin, sinAt + i * stride);
        }
    }
}
