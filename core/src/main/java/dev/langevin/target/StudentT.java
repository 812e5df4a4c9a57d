package dev.langevin.target;

import dev.langevin.error.InvalidParameterException;
import dev.langevin.model.Model;

/**
 * The d-dimensional Student-t distribution with nu degrees of freedom, location mu and scale
 * sigma in every coordinate (covariance nu / (nu - 2) sigma^2 I for nu > 2; each coordinate's
 * marginal is the univariate t with nu degrees of freedom):
 * <pre>
 *   U(theta) = (nu + d) / 2 * log(1 + |theta - mu|^2 / (nu sigma^2))
 * </pre>
 * Written as a {@link Model}: its potential and gradient are the kernel methods below, which
 * every engine runs. Parameters: p = (nu, mu, sigma, d).
 */
public final class StudentT implements Model {
    private static final int NU = 0;
    private static final int MU = 1;
    private static final int SIGMA = 2;
    private static final int DIM = 3;

    private final int dim;
    private final double nu;
    private final double mu;
    private final double sigma;

    /**
     * @param dim   dimension d
     * @param nu    degrees of freedom, positive
     * @param mu    location of every coordinate
     * @param sigma scale of every coordinate, positive
     */
    public StudentT(int dim, double nu, double mu, double sigma) {
        InvalidParameterException.require(nu > 0 && Double.isFinite(nu), "model.nu",
                "Parameter nu must be positive, got " + nu + ".");
        InvalidParameterException.require(sigma > 0 && Double.isFinite(sigma), "model.sigma",
                "Parameter sigma must be positive, got " + sigma + ".");
        InvalidParameterException.require(Double.isFinite(mu), "model.mu", "Parameter mu must be finite, got " + mu + ".");
        this.dim = dim;
        this.nu = nu;
        this.mu = mu;
        this.sigma = sigma;
    }

    /** Degrees of freedom. */
    public double nu() {
        return nu;
    }

    /** Location of every coordinate. */
    public double mu() {
        return mu;
    }

    /** Scale of every coordinate. */
    public double sigma() {
        return sigma;
    }

    @Override
    public String name() {
        return "student-t";
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public float[] parameters() {
        return new float[] {(float) nu, (float) mu, (float) sigma, dim};
    }

    /** U(theta), the whole potential (the model has no data rows). */
    public static float priorPotential(float[] theta, int t, int stride, float[] p) {
        float nu = p[NU];
        int d = (int) p[DIM];
        float scale = nu * p[SIGMA] * p[SIGMA];
        float squares = 0f;
        for (int j = 0; j < d; j++) {
            float z = theta[t + j * stride] - p[MU];
            squares += z * z;
        }
        return 0.5f * (nu + d) * (float) Math.log1p(squares / scale);
    }

    /** grad U(theta) = (nu + d) (theta - mu) / (nu sigma^2 + |theta - mu|^2). */
    public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
        float nu = p[NU];
        int d = (int) p[DIM];
        float squares = 0f;
        for (int j = 0; j < d; j++) {
            float z = theta[t + j * stride] - p[MU];
            squares += z * z;
        }
        float factor = (nu + d) / (nu * p[SIGMA] * p[SIGMA] + squares);
        for (int j = 0; j < d; j++) {
            grad[g + j * stride] = factor * (theta[t + j * stride] - p[MU]);
        }
    }
}
