package dev.langevin.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float exp, log, sin and cos on vectors, built only from IEEE-exact operations (add,
 * multiply, fused multiply-add, conversions, bit operations).
 *
 * <p>Why not {@code lanewise(EXP)} and friends: the Vector API computes those with the
 * platform's SVML library once the JIT has compiled a method, and with {@code Math} before,
 * and the two differ in the last bit; a run's numbers would then depend on when the JIT
 * finished. The functions here give the same bits in the interpreter and in compiled code, on
 * every machine.
 *
 * <p>The range reductions and minimax polynomials are those of Moshier's Cephes single
 * precision library ({@code expf.c}, {@code logf.c}, {@code sinf.c}; S. L. Moshier, "Methods
 * and Programs for Mathematical Functions", 1989), accurate to about one float ulp for
 * arguments of moderate size (|x| below 8192 for sin and cos).
 */
final class VectorMath {
    private static final VectorSpecies<Float> FLOATS = VectorNoise.FLOATS;

    /** ln 2 split in a part with few bits (products by small integers are exact) and the rest. */
    private static final float LN2_HIGH = 0.693359375f;
    private static final float LN2_LOW = -2.12194440e-4f;
    private static final float LOG2_E = 1.44269504088896341f;
    private static final float SQRT_HALF = 0.707106781186547524f;
    /** exp overflows above this and underflows to below the smallest normal float beneath the next. */
    private static final float EXP_MAX = 88.72283905206835f;
    private static final float EXP_MIN = -87.33654475055310898657f;
    private static final float FOUR_OVER_PI = 1.27323954473516f;
    /** pi / 4 in three parts for the Cody-Waite reduction. */
    private static final float PI4_A = 0.78515625f;
    private static final float PI4_B = 2.4187564849853515625e-4f;
    private static final float PI4_C = 3.77489497744594108e-8f;
    private static final int SIGN_BIT = 0x80000000;
    private static final int HALF_RANGE = 1 << 23;

    private VectorMath() {
    }

    /** e^x; +infinity above {@link #EXP_MAX}, 0 below {@link #EXP_MIN}, NaN for NaN. */
    static FloatVector exp(FloatVector x) {
        FloatVector clamped = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector n = floor(clamped.fma(FloatVector.broadcast(FLOATS, LOG2_E), FloatVector.broadcast(FLOATS, 0.5f)));
        FloatVector r = n.fma(FloatVector.broadcast(FLOATS, -LN2_HIGH), clamped);
        r = n.fma(FloatVector.broadcast(FLOATS, -LN2_LOW), r);
        FloatVector p = r.fma(1.9875691500E-4f, 1.3981999507E-3f);
        p = p.fma(r, FloatVector.broadcast(FLOATS, 8.3334519073E-3f));
        p = p.fma(r, FloatVector.broadcast(FLOATS, 4.1665795894E-2f));
        p = p.fma(r, FloatVector.broadcast(FLOATS, 1.6666665459E-1f));
        p = p.fma(r, FloatVector.broadcast(FLOATS, 5.0000001201E-1f));
        FloatVector y = p.fma(r.mul(r), r).add(1f);
        // 2^n as two factors 2^(n/2) 2^(n - n/2), each a normal float for n in [-126, 128]
        IntVector k = (IntVector) n.convert(VectorOperators.F2I, 0);
        IntVector half = k.lanewise(VectorOperators.ASHR, 1);
        FloatVector scale0 = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector scale1 = k.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector result = y.mul(scale0).mul(scale1);
        result = result.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_MAX));
        result = result.blend(0f, x.compare(VectorOperators.LT, EXP_MIN));
        return result.blend(x, x.test(VectorOperators.IS_NAN));
    }

    /** ln x for x > 0; ln 0 = -infinity, ln of a negative number or NaN is NaN, ln infinity is infinity. */
    static FloatVector log(FloatVector x) {
        IntVector bits = x.reinterpretAsInts();
        // x = m 2^e with m in [1/2, 1) (subnormals are not expected here and come out wrong but finite)
        IntVector exponent = bits.lanewise(VectorOperators.LSHR, 23).and(0xFF).sub(126);
        FloatVector m = bits.and(0x007FFFFF).or(0x3F000000).reinterpretAsFloats();
        VectorMask<Float> small = m.compare(VectorOperators.LT, SQRT_HALF);
        FloatVector e = ((FloatVector) exponent.convert(VectorOperators.I2F, 0)).sub(1f, small);
        FloatVector reduced = m.sub(1f).add(m, small);
        FloatVector result = logTail(reduced, e);
        result = result.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        result = result.blend(Float.NaN, x.compare(VectorOperators.LT, 0f));
        return result.blend(x, x.test(VectorOperators.IS_INFINITE).or(x.test(VectorOperators.IS_NAN)));
    }

    /**
     * ln u for the uniform u = (m + 1/2) 2^-24 of a 24-bit integer m, without rounding u: for
     * u >= 1/2 the reduced argument is formed from 1 - u, which, unlike u, is exact in float.
     */
    static FloatVector logUniform(IntVector m) {
        VectorMask<Float> upper = m.compare(VectorOperators.GE, HALF_RANGE).cast(FLOATS);
        FloatVector u = ((FloatVector) m.convert(VectorOperators.I2F, 0)).fma(0x1.0p-24f, 0x1.0p-25f);
        IntVector bits = u.reinterpretAsInts();
        IntVector exponent = bits.lanewise(VectorOperators.LSHR, 23).and(0xFF).sub(126);
        FloatVector mantissa = bits.and(0x007FFFFF).or(0x3F000000).reinterpretAsFloats();
        VectorMask<Float> small = mantissa.compare(VectorOperators.LT, SQRT_HALF);
        FloatVector e = ((FloatVector) exponent.convert(VectorOperators.I2F, 0)).sub(1f, small);
        FloatVector reduced = mantissa.sub(1f).add(mantissa, small);
        // upper half: t = 1 - u exactly; u >= sqrt(1/2) reduces to -t, u < sqrt(1/2) to 2u - 1 = 1 - 2t (exact)
        IntVector complement = IntVector.broadcast(VectorNoise.INTS, (1 << 24) - 1).sub(m);
        FloatVector t = ((FloatVector) complement.convert(VectorOperators.I2F, 0)).fma(0x1.0p-24f, 0x1.0p-25f);
        VectorMask<Float> nearOne = t.compare(VectorOperators.LE, 1 - SQRT_HALF);
        FloatVector upperReduced = t.mul(-2f).add(1f).blend(t.neg(), nearOne);
        FloatVector upperE = FloatVector.broadcast(FLOATS, -1f).blend(0f, nearOne);
        return logTail(reduced.blend(upperReduced, upper), e.blend(upperE, upper));
    }

    /** ln((1 + x) 2^e) for x in [sqrt(1/2) - 1, sqrt(2) - 1]: Cephes logf's polynomial. */
    private static FloatVector logTail(FloatVector x, FloatVector e) {
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
        return e.fma(FloatVector.broadcast(FLOATS, LN2_HIGH), x.add(y));
    }

    /** sin x. */
    static FloatVector sin(FloatVector x) {
        FloatVector ax = x.abs();
        IntVector j = octant(ax);
        FloatVector r = reduce(ax, j);
        VectorMask<Float> cosineRegion = j.and(2).compare(VectorOperators.NE, 0).cast(FLOATS);
        FloatVector y = sinePolynomial(r).blend(cosinePolynomial(r), cosineRegion);
        IntVector sign = j.and(4).lanewise(VectorOperators.LSHL, 29).lanewise(VectorOperators.XOR,
                x.reinterpretAsInts().and(SIGN_BIT));
        return y.reinterpretAsInts().lanewise(VectorOperators.XOR, sign).reinterpretAsFloats();
    }

    /** cos x. */
    static FloatVector cos(FloatVector x) {
        FloatVector ax = x.abs();
        IntVector j = octant(ax);
        FloatVector r = reduce(ax, j);
        VectorMask<Float> sineRegion = j.and(2).compare(VectorOperators.NE, 0).cast(FLOATS);
        FloatVector y = cosinePolynomial(r).blend(sinePolynomial(r), sineRegion);
        IntVector sign = j.add(2).and(4).lanewise(VectorOperators.LSHL, 29);
        return y.reinterpretAsInts().lanewise(VectorOperators.XOR, sign).reinterpretAsFloats();
    }

    /** The even octant index j nearest to |x| / (pi / 4) from below-or-at, as Cephes rounds it. */
    private static IntVector octant(FloatVector ax) {
        IntVector j = (IntVector) ax.mul(FOUR_OVER_PI).convert(VectorOperators.F2I, 0);
        return j.add(1).and(~1);
    }

    /** |x| - j pi / 4, in three exact-ish steps. */
    private static FloatVector reduce(FloatVector ax, IntVector j) {
        FloatVector y = (FloatVector) j.convert(VectorOperators.I2F, 0);
        FloatVector r = y.fma(FloatVector.broadcast(FLOATS, -PI4_A), ax);
        r = y.fma(FloatVector.broadcast(FLOATS, -PI4_B), r);
        return y.fma(FloatVector.broadcast(FLOATS, -PI4_C), r);
    }

    private static FloatVector sinePolynomial(FloatVector r) {
        FloatVector z = r.mul(r);
        FloatVector p = z.fma(-1.9515295891E-4f, 8.3321608736E-3f);
        p = p.fma(z, FloatVector.broadcast(FLOATS, -1.6666654611E-1f));
        return p.mul(z).fma(r, r);
    }

    private static FloatVector cosinePolynomial(FloatVector r) {
        FloatVector z = r.mul(r);
        FloatVector p = z.fma(2.443315711809948E-5f, -1.388731625493765E-3f);
        p = p.fma(z, FloatVector.broadcast(FLOATS, 4.166664568298827E-2f));
        return p.mul(z).mul(z).add(z.mul(-0.5f)).add(1f);
    }

    /** floor for values far inside the int range. */
    private static FloatVector floor(FloatVector x) {
        FloatVector truncated = (FloatVector) ((IntVector) x.convert(VectorOperators.F2I, 0))
                .convert(VectorOperators.I2F, 0);
        return truncated.sub(1f, truncated.compare(VectorOperators.GT, x));
    }
}
