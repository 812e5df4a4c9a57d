package dev.langevin.engine.tornadovm;

import uk.ac.manchester.tornado.api.math.TornadoMath;

/**
 * {@link Math}'s functions that TornadoVM 5.2 cannot compile for a device, written with those
 * it can: a model's class calls these instead ({@link ModelKernels} rewrites the calls, and
 * {@link StrictMath}'s, in the copy of the class that goes into the kernel). Each has the name
 * and the signature of the function it replaces. On the device they are a few ulps from
 * {@link Math}'s (signed zeros aside); a model's float results seldom see the difference.
 *
 * <p>TornadoVM's compiler falls back to the JDK's Java code for these (java.lang.FdLibm), which
 * reinterprets doubles as bits or exceeds its inlining limit, and has no device intrinsic for
 * floor, ceil, rint, round or copySign on Math; it also writes an infinite double constant as a
 * float one, so nothing here names an infinity, and converts a double to a long through an int.
 */
public final class DeviceMath {
    private static final double LN10 = 2.302585092994046;

    private DeviceMath() {
    }

    /** log(1 + x), with the rounding of 1 + x compensated (Goldberg's method). */
    public static double log1p(double x) {
        double u = 1.0 + x;
        double m = u - 1.0;
        if (m == 0.0) {
            return x;
        }
        if (m > Double.MAX_VALUE) {
            return u;
        }
        return Math.log(u) * (x / m);
    }

    /** exp(x) - 1, with the rounding of exp(x) compensated (Kahan's method). */
    public static double expm1(double x) {
        double u = Math.exp(x);
        if (u == 1.0) {
            return x;
        }
        double m = u - 1.0;
        if (m == -1.0) {
            return -1.0;
        }
        if (m > Double.MAX_VALUE) {
            return u;
        }
        return m * (x / Math.log(u));
    }

    /** log(x) / ln(10). */
    public static double log10(double x) {
        return Math.log(x) / LN10;
    }

    /** The cube root: pow(|x|, 1/3) and one Newton step, with x's sign. */
    public static double cbrt(double x) {
        double a = Math.abs(x);
        if (a == 0.0 || !(a <= Double.MAX_VALUE)) {
            return x;
        }
        double r = Math.pow(a, 1.0 / 3.0);
        r = r - (r * r * r - a) / (3.0 * r * r);
        return x < 0.0 ? -r : r;
    }

    /** (e^x - e^-x) / 2, through expm1 near 0. */
    public static double sinh(double x) {
        double a = Math.abs(x);
        double s;
        if (a < 22.0) {
            double m = expm1(a);
            s = 0.5 * (m + m / (m + 1.0));
        } else {
            double h = Math.exp(0.5 * a);
            s = 0.5 * h * h;
        }
        return x < 0.0 ? -s : s;
    }

    /** (e^x + e^-x) / 2. */
    public static double cosh(double x) {
        double a = Math.abs(x);
        if (a < 22.0) {
            double e = Math.exp(a);
            return 0.5 * e + 0.5 / e;
        }
        double h = Math.exp(0.5 * a);
        return 0.5 * h * h;
    }

    /** sqrt(x^2 + y^2) without overflow in the squares. */
    public static double hypot(double x, double y) {
        double a = Math.abs(x);
        double b = Math.abs(y);
        if (a > Double.MAX_VALUE || b > Double.MAX_VALUE) {
            return a > Double.MAX_VALUE ? a : b;
        }
        double big = Math.max(a, b);
        double small = Math.min(a, b);
        if (big == 0.0) {
            return big;
        }
        double r = small / big;
        return big * Math.sqrt(1.0 + r * r);
    }

    /** The largest integer at most x. */
    public static double floor(double x) {
        return TornadoMath.floor(x);
    }

    /** The smallest integer at least x. */
    public static double ceil(double x) {
        return TornadoMath.ceil(x);
    }

    /** The nearest integer, ties to even. */
    public static double rint(double x) {
        double f = TornadoMath.floor(x);
        double d = x - f;
        if (d < 0.5) {
            return f;
        }
        if (d > 0.5) {
            return f + 1.0;
        }
        return TornadoMath.floor(f * 0.5) * 2.0 == f ? f : f + 1.0;
    }

    /**
     * The nearest long, ties up (for |x| below 2^62). TornadoVM 5.2 converts a double to a long
     * through an int, so the long is put together from two halves that fit one.
     */
    public static long round(double x) {
        double f = TornadoMath.floor(x);
        double r = x - f >= 0.5 ? f + 1.0 : f;
        double high = TornadoMath.floor(r * 0x1p-32);
        double low = r - high * 0x1p32;
        return ((long) (int) high << 32) + ((long) (int) (low - 0x1p31) + 0x80000000L);
    }

    /** The nearest int, ties up. */
    public static int round(float x) {
        double d = x;
        double f = TornadoMath.floor(d);
        return (int) (d - f >= 0.5 ? f + 1.0 : f);
    }

    /** |magnitude| with the sign of sign (a NaN sign counts as positive). */
    public static double copySign(double magnitude, double sign) {
        double a = Math.abs(magnitude);
        return sign < 0.0 || (sign == 0.0 && 1.0 / sign < 0.0) ? -a : a;
    }

    /** |magnitude| with the sign of sign (a NaN sign counts as positive). */
    public static float copySign(float magnitude, float sign) {
        float a = Math.abs(magnitude);
        return sign < 0f || (sign == 0f && 1f / sign < 0f) ? -a : a;
    }

    /** a * b + c, rounded twice. */
    public static double fma(double a, double b, double c) {
        return a * b + c;
    }

    /** a * b + c, the product exact in double. */
    public static float fma(float a, float b, float c) {
        return (float) ((double) a * b + c);
    }

    /** |x|. */
    public static int abs(int x) {
        return x < 0 ? -x : x;
    }

    /** |x|. */
    public static long abs(long x) {
        return x < 0 ? -x : x;
    }
}
