package dev.langevin.diagnostics;

import dev.langevin.target.Target;

import java.util.stream.IntStream;

/**
 * Kernel Stein discrepancy with the inverse multiquadric kernel (Gorham and Mackey 2017,
 * "Measuring sample quality with kernels", ICML): how far a set of points is from the target,
 * using only the target's score s(x) = -grad U(x). Unlike R-hat and ESS it sees chains that agree
 * on a biased answer (a step size too large, say). With the base kernel
 * k(x, y) = (c^2 + |x - y|^2)^beta, u = c^2 + |r|^2 and r = x - y, the Langevin Stein kernel is
 * <pre>
 *   k0(x, y) = s(x).s(y) u^beta - 2 beta u^(beta-1) (s(x).r - s(y).r)
 *              - 2 beta d u^(beta-1) - 4 beta (beta - 1) |r|^2 u^(beta-2)
 * </pre>
 * and KSD = sqrt((1/n^2) sum over all pairs i, j of k0(x_i, x_j)), the V-statistic. The pairs are
 * summed in double, in blocks of rows spread over all cores, each row's sum in a fixed order, so
 * the value does not depend on the number of cores.
 *
 * @param value the discrepancy
 * @param n     points used
 * @param c     the kernel's c
 * @param beta  the kernel's beta
 */
public record Ksd(double value, int n, double c, double beta) {
    /** The paper's c. */
    public static final double C = 1;
    /** The paper's beta. */
    public static final double BETA = -0.5;

    /**
     * KSD of points {@code x} (n points of dimension d, point i at {@code x[i * d .. (i + 1) * d)})
     * for {@code target}, with the paper's kernel (c = 1, beta = -1/2).
     */
    public static Ksd of(Target target, double[] x, int n) {
        return of(x, scores(target, x, n), n, target.dim(), C, BETA);
    }

    /** The scores -grad U of n points (point i at {@code x[i * d ..]}), in double. */
    public static double[] scores(Target target, double[] x, int n) {
        int d = target.dim();
        double[] scores = new double[n * d];
        double[] point = new double[d];
        double[] gradient = new double[d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, i * d, point, 0, d);
            target.potentialGradient(point, gradient);
            for (int j = 0; j < d; j++) {
                scores[i * d + j] = -gradient[j];
            }
        }
        return scores;
    }

    /** KSD of points {@code x} with their scores, for any c and beta. */
    public static Ksd of(double[] x, double[] scores, int n, int d, double c, double beta) {
        double c2 = c * c;
        double[] rows = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            double sum = 0;
            for (int k = 0; k < n; k++) {
                sum += k0(x, scores, i, k, d, c2, beta);
            }
            rows[i] = sum;
        });
        double total = 0;
        for (double r : rows) {
            total += r;
        }
        // the V-statistic is non-negative in exact arithmetic; rounding can leave a tiny negative
        return new Ksd(Math.sqrt(Math.max(0, total) / ((double) n * n)), n, c, beta);
    }

    /** k0(x_i, x_k). */
    static double k0(double[] x, double[] s, int i, int k, int d, double c2, double beta) {
        int a = i * d;
        int b = k * d;
        double r2 = 0;
        double ss = 0;
        double sr = 0;
        for (int j = 0; j < d; j++) {
            double r = x[a + j] - x[b + j];
            r2 += r * r;
            ss += s[a + j] * s[b + j];
            sr += (s[a + j] - s[b + j]) * r;
        }
        double u = c2 + r2;
        double base = Math.pow(u, beta);
        double slope = base / u;
        return ss * base - 2 * beta * slope * sr - 2 * beta * d * slope - 4 * beta * (beta - 1) * r2 * slope / u;
    }
}
