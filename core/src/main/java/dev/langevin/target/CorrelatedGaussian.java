package dev.langevin.target;

import dev.langevin.error.InvalidParameterException;

import java.util.Optional;

/** Gaussian with a full precision matrix P: U = (theta - mean)' P (theta - mean) / 2. */
public final class CorrelatedGaussian implements BuiltInModel {
    private final double[] mean;
    private final double[] precision;

    /**
     * @param mean      means (length d)
     * @param precision symmetric positive-definite precision matrix, row-major d x d
     * @throws IllegalArgumentException when the matrix is not symmetric or not positive definite,
     *                                  naming the first offending entry or the failing pivot
     */
    public CorrelatedGaussian(double[] mean, double[] precision) {
        this(mean, precision, true);
    }

    private CorrelatedGaussian(double[] mean, double[] precision, boolean check) {
        this.mean = mean.clone();
        this.precision = precision.clone();
        if (check) {
            requireSymmetric(this.precision, mean.length);
            requirePositiveDefinite(this.precision, mean.length);
        }
    }

    /** The first entry (i, j), i < j, whose mirror differs; rows and columns counted from 0. */
    private static void requireSymmetric(double[] p, int d) {
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double upper = p[i * d + j];
                double lower = p[j * d + i];
                if (upper != lower) {
                    throw new InvalidParameterException("model.precision", "The precision matrix is not symmetric: entry (" + i + ", " + j
                            + ") is " + upper + " but entry (" + j + ", " + i + ") is " + lower
                            + " (rows and columns counted from 0).");
                }
            }
        }
    }

    /**
     * Cholesky's factorisation P = L L', row by row: the matrix is positive definite exactly when
     * every pivot P_jj - sum_k L_jk^2 is positive. Names the first pivot that is not.
     */
    private static void requirePositiveDefinite(double[] p, int d) {
        double[] factor = new double[d * d];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i <= j; i++) {
                double sum = p[j * d + i];
                for (int k = 0; k < i; k++) {
                    sum -= factor[j * d + k] * factor[i * d + k];
                }
                if (i < j) {
                    factor[j * d + i] = sum / factor[i * d + i];
                } else if (sum > 0) {
                    factor[j * d + j] = Math.sqrt(sum);
                } else {
                    throw new InvalidParameterException("model.precision", "The precision matrix is not positive definite: Cholesky's "
                            + "pivot " + j + " (counted from 0), the diagonal entry " + p[j * d + j]
                            + " less what the earlier rows explain, is " + sum + ", not positive.");
                }
            }
        }
    }

    /**
     * The AR(1)-correlated Gaussian, Cov_ij = sigma^2 rho^|i-j|, whose precision is
     * tridiagonal: (1 / (sigma^2 (1 - rho^2))) times diag(1, 1 + rho^2, ..., 1 + rho^2, 1)
     * with -rho beside the diagonal.
     */
    public static CorrelatedGaussian autoregressive(double[] mean, double rho, double sigma) {
        int d = mean.length;
        double[] p = new double[d * d];
        double scale = 1.0 / (sigma * sigma * (1 - rho * rho));
        for (int i = 0; i < d; i++) {
            boolean edge = i == 0 || i == d - 1;
            p[i * d + i] = scale * (d == 1 ? 1 - rho * rho : edge ? 1 : 1 + rho * rho);
            if (i + 1 < d) {
                p[i * d + i + 1] = -rho * scale;
                p[(i + 1) * d + i] = -rho * scale;
            }
        }
        // positive definite for |rho| < 1: no factorisation needed
        return new CorrelatedGaussian(mean, p, false);
    }

    /** The mean mu (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /**
     * The precision matrix's non-zero entries by rows (compressed sparse rows): row i's entries
     * are {@code values[k]} at columns {@code columns[k]} for k in [rowStart[i], rowStart[i + 1]).
     *
     * @param rowStart where each row starts, d + 1 entries
     * @param columns  column of each entry
     * @param values   value of each entry
     */
    public record SparseRows(int[] rowStart, int[] columns, double[] values) {
    }

    /** The precision's non-zero entries, row by row (the AR(1) default is tridiagonal). */
    public SparseRows sparsePrecision() {
        int d = mean.length;
        int[] rowStart = new int[d + 1];
        int count = 0;
        for (double v : precision) {
            count += v != 0 ? 1 : 0;
        }
        int[] columns = new int[count];
        double[] values = new double[count];
        int k = 0;
        for (int i = 0; i < d; i++) {
            rowStart[i] = k;
            for (int j = 0; j < d; j++) {
                if (precision[i * d + j] != 0) {
                    columns[k] = j;
                    values[k++] = precision[i * d + j];
                }
            }
        }
        rowStart[d] = k;
        return new SparseRows(rowStart, columns, values);
    }

    /** The precision matrix, row-major d x d (a copy). */
    public double[] precision() {
        return precision.clone();
    }

    @Override
    public String name() {
        return "correlated-gaussian";
    }

    @Override
    public int dim() {
        return mean.length;
    }

    @Override
    public double potential(double[] theta) {
        int d = mean.length;
        double u = 0;
        for (int i = 0; i < d; i++) {
            double row = 0;
            for (int j = 0; j < d; j++) {
                row += precision[i * d + j] * (theta[j] - mean[j]);
            }
            u += 0.5 * (theta[i] - mean[i]) * row;
        }
        return u;
    }

    @Override
    public void potentialGradient(double[] theta, double[] gradient) {
        int d = mean.length;
        double[] centred = new double[d];
        for (int j = 0; j < d; j++) {
            centred[j] = theta[j] - mean[j];
        }
        for (int i = 0; i < d; i++) {
            double row = 0;
            for (int j = 0; j < d; j++) {
                row += precision[i * d + j] * centred[j];
            }
            gradient[i] = row;
        }
    }

    /**
     * p = (d, n, mean[d], values[n], rowStart[d + 1], columns[n]): the precision's n non-zero
     * entries by rows, as {@link #sparsePrecision()} gives them (indices exact in float up to 2^24).
     */
    @Override
    public float[] parameters() {
        int d = mean.length;
        SparseRows rows = sparsePrecision();
        int n = rows.values().length;
        float[] p = new float[2 + d + n + d + 1 + n];
        p[0] = d;
        p[1] = n;
        for (int j = 0; j < d; j++) {
            p[2 + j] = (float) mean[j];
        }
        for (int k = 0; k < n; k++) {
            p[2 + d + k] = (float) rows.values()[k];
            p[2 + d + n + d + 1 + k] = rows.columns()[k];
        }
        for (int r = 0; r <= d; r++) {
            p[2 + d + n + r] = rows.rowStart()[r];
        }
        return p;
    }

    /** Row r of P (theta - mean), in float. */
    private static float row(float[] theta, int t, int stride, float[] p, int r) {
        int d = (int) p[0];
        int n = (int) p[1];
        int starts = 2 + d + n;
        int columns = starts + d + 1;
        float sum = 0f;
        for (int k = (int) p[starts + r]; k < (int) p[starts + r + 1]; k++) {
            int col = (int) p[columns + k];
            sum += p[2 + d + k] * (theta[t + col * stride] - p[2 + col]);
        }
        return sum;
    }

    /** U = (theta - mean)' P (theta - mean) / 2 in float, the kernel subset's (see {@link BuiltInModel}). */
    public static float priorPotential(float[] theta, int t, int stride, float[] p) {
        int d = (int) p[0];
        float u = 0f;
        for (int r = 0; r < d; r++) {
            u += 0.5f * (theta[t + r * stride] - p[2 + r]) * row(theta, t, stride, p, r);
        }
        return u;
    }

    /** grad U = P (theta - mean), in float. */
    public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
        int d = (int) p[0];
        for (int r = 0; r < d; r++) {
            grad[g + r * stride] = row(theta, t, stride, p, r);
        }
    }

    @Override
    public Optional<double[]> optimum() {
        return Optional.of(mean.clone());
    }
}
