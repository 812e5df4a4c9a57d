package dev.langevin.target;

import java.util.Optional;

/**
 * Ackley's function (Ackley 1987, "A connectionist machine for genetic hillclimbing"),
 * U = -a exp(-b sqrt(mean theta_j^2)) - exp(mean cos(c theta_j)) + a + e: a nearly flat
 * outer region pitted with a lattice of local minima, global minimum 0 at the origin.
 */
public final class Ackley implements BuiltInModel {
    private final int dim;
    private final double a;
    private final double b;
    private final double c;

    /**
     * @param dim dimension d
     * @param a   depth of the global well (conventionally 20)
     * @param b   width of the global well (conventionally 0.2)
     * @param c   frequency of the ripples (conventionally 2 pi)
     */
    public Ackley(int dim, double a, double b, double c) {
        this.dim = dim;
        this.a = a;
        this.b = b;
        this.c = c;
    }

    /** The depth a of the central funnel. */
    public double a() {
        return a;
    }

    /** The radial decay b. */
    public double b() {
        return b;
    }

    /** The ripple frequency c. */
    public double c() {
        return c;
    }

    @Override
    public String name() {
        return "ackley";
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public double potential(double[] theta) {
        double radius = radius(theta);
        return -a * Math.exp(-b * radius) - Math.exp(meanCosine(theta)) + a + Math.E;
    }

    /** sqrt(mean theta_j^2). */
    private double radius(double[] theta) {
        double squares = 0;
        for (int j = 0; j < dim; j++) {
            squares += theta[j] * theta[j];
        }
        return Math.sqrt(squares / dim);
    }

    /** mean cos(c theta_j). */
    private double meanCosine(double[] theta) {
        double cosines = 0;
        for (int j = 0; j < dim; j++) {
            cosines += Math.cos(c * theta[j]);
        }
        return cosines / dim;
    }

    @Override
    public void potentialGradient(double[] theta, double[] gradient) {
        double radius = radius(theta);
        // d radius / d theta_j = theta_j / (d radius); at the origin the cone's subgradient 0 is used.
        double radial = radius > 0 ? a * b * Math.exp(-b * radius) / (dim * radius) : 0;
        double ripple = c * Math.exp(meanCosine(theta)) / dim;
        for (int j = 0; j < dim; j++) {
            gradient[j] = radial * theta[j] + ripple * Math.sin(c * theta[j]);
        }
    }

    /** p = (d, a, b, c). */
    @Override
    public float[] parameters() {
        return new float[] {dim, (float) a, (float) b, (float) c};
    }

    /** U in float, the kernel subset's (see {@link BuiltInModel}). */
    public static float priorPotential(float[] theta, int t, int stride, float[] p) {
        int d = (int) p[0];
        float squares = 0f;
        float cosines = 0f;
        for (int j = 0; j < d; j++) {
            float x = theta[t + j * stride];
            squares += x * x;
            cosines += (float) Math.cos(p[3] * x);
        }
        float radius = (float) Math.sqrt(squares / d);
        return -p[1] * (float) Math.exp(-p[2] * radius) - (float) Math.exp(cosines / d) + p[1] + (float) Math.E;
    }

    /** grad U in float; 0 for the radial part at the origin, as in double. */
    public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
        int d = (int) p[0];
        float squares = 0f;
        float cosines = 0f;
        for (int j = 0; j < d; j++) {
            float x = theta[t + j * stride];
            squares += x * x;
            cosines += (float) Math.cos(p[3] * x);
        }
        float radius = (float) Math.sqrt(squares / d);
        float radial = radius > 0f ? p[1] * p[2] * (float) Math.exp(-p[2] * radius) / (d * radius) : 0f;
        float ripple = p[3] * (float) Math.exp(cosines / d) / d;
        for (int j = 0; j < d; j++) {
            float x = theta[t + j * stride];
            grad[g + j * stride] = radial * x + ripple * (float) Math.sin(p[3] * x);
        }
    }

    @Override
    public Optional<double[]> optimum() {
        return Optional.of(new double[dim]);
    }
}
