package dev.langevin.target;

/**
 * Double well in every coordinate: U = h sum_j (theta_j^2 - 1)^2, minima at +-1 in each
 * coordinate separated by a barrier of height h at 0.
 */
public final class DoubleWell implements BuiltInModel {
    private final int dim;
    private final double barrier;

    /**
     * @param dim     dimension d
     * @param barrier barrier height h
     */
    public DoubleWell(int dim, double barrier) {
        this.dim = dim;
        this.barrier = barrier;
    }

    /** The barrier height h of U = h sum_j (theta_j^2 - 1)^2. */
    public double barrier() {
        return barrier;
    }

    @Override
    public String name() {
        return "double-well";
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public double potential(double[] theta) {
        double u = 0;
        for (int j = 0; j < dim; j++) {
            double w = theta[j] * theta[j] - 1;
            u += barrier * w * w;
        }
        return u;
    }

    @Override
    public void potentialGradient(double[] theta, double[] gradient) {
        for (int j = 0; j < dim; j++) {
            gradient[j] = 4 * barrier * theta[j] * (theta[j] * theta[j] - 1);
        }
    }

    /** p = (d, 4 h). */
    @Override
    public float[] parameters() {
        return new float[] {dim, (float) (4 * barrier)};
    }

    /** U = h sum (theta_j^2 - 1)^2 in float, the kernel subset's (see {@link BuiltInModel}). */
    public static float priorPotential(float[] theta, int t, int stride, float[] p) {
        int d = (int) p[0];
        float u = 0f;
        for (int j = 0; j < d; j++) {
            float x = theta[t + j * stride];
            float w = x * x - 1f;
            u += 0.25f * p[1] * w * w;
        }
        return u;
    }

    /** grad U = 4 h theta (theta^2 - 1), in float. */
    public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
        int d = (int) p[0];
        for (int j = 0; j < d; j++) {
            float x = theta[t + j * stride];
            grad[g + j * stride] = (x * x - 1f) * x * p[1];
        }
    }
}
