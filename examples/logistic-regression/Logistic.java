import dev.langevin.data.Dataset;
import dev.langevin.model.Model;
import dev.langevin.target.Params;

/**
 * Bayesian logistic regression with an intercept, written as a model: the same posterior as the
 * built-in logistic-regression target (labels 0/1, a N(0, s^2) prior on every coefficient, s from
 * --param prior-sd), for comparing a model's scalar path with the built-in's vectorised one.
 * Rows are (x_i, y_i); p = (1 / s^2, columns).
 */
public class Logistic implements Model {
    private final Dataset data;
    private final float priorPrecision;

    public Logistic(Params params, Dataset data) {
        if (data == null) {
            throw new IllegalArgumentException("Logistic needs --data.");
        }
        double s = params.number("prior-sd", 1);
        this.data = data;
        this.priorPrecision = (float) (1 / (s * s));
    }

    public String name() { return "logistic"; }
    public int dim() { return data.columns() + 1; }
    public float[] parameters() { return new float[] {priorPrecision, data.columns()}; }
    public int rows() { return data.rows(); }
    public int rowLength() { return data.columns() + 1; }

    public float[] data() {
        int length = rowLength();
        float[] x = new float[rows() * length];
        for (int i = 0; i < rows(); i++) {
            for (int c = 0; c < data.columns(); c++) {
                x[i * length + c] = (float) data.feature(i, c);
            }
            x[i * length + data.columns()] = (float) data.labels()[i];
        }
        return x;
    }

    public static float priorPotential(float[] theta, int t, int stride, float[] p) {
        float sum = 0f;
        for (int j = 0; j <= (int) p[1]; j++) {
            sum += theta[t + j * stride] * theta[t + j * stride];
        }
        return 0.5f * p[0] * sum;
    }

    public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
        for (int j = 0; j <= (int) p[1]; j++) {
            grad[g + j * stride] = p[0] * theta[t + j * stride];
        }
    }

    static float eta(float[] theta, int t, int stride, float[] p, float[] x, int r) {
        int columns = (int) p[1];
        float eta = theta[t];
        for (int c = 0; c < columns; c++) {
            eta += theta[t + (c + 1) * stride] * x[r + c];
        }
        return eta;
    }

    /** softplus(eta) - y eta. */
    public static float rowPotential(float[] theta, int t, int stride, float[] p, float[] x, int r) {
        float eta = eta(theta, t, stride, p, x, r);
        float softplus = eta > 0f ? eta + (float) Math.log1p(Math.exp(-eta)) : (float) Math.log1p(Math.exp(eta));
        return softplus - x[r + (int) p[1]] * eta;
    }

    public static void addRowGradient(float[] theta, int t, int stride, float[] p, float[] x, int r, float weight,
                                      float[] grad, int g) {
        int columns = (int) p[1];
        float slope = weight * (1f / (1f + (float) Math.exp(-eta(theta, t, stride, p, x, r))) - x[r + columns]);
        grad[g] += slope;
        for (int c = 0; c < columns; c++) {
            grad[g + (c + 1) * stride] += slope * x[r + c];
        }
    }
}
