import dev.langevin.data.Dataset;
import dev.langevin.model.Model;
import dev.langevin.target.Params;

import java.util.ArrayList;
import java.util.List;

/**
 * Poisson regression with a log link: y_i ~ Poisson(exp(theta_0 + x_i . theta_1..k)), with a
 * N(0, s^2) prior on every coefficient (--param prior-sd=s, default 10) and the first k feature
 * columns of --data (--param columns=k, default all). Rows are (x_i1..x_ik, y_i); p = (1 / s^2, k).
 * With data/diabetes_data_raw.csv.gz and its target (a count of sorts: integers 25 to 346).
 */
public class PoissonRegression implements Model {
    private final Dataset data;
    private final int columns;
    private final float priorPrecision;

    public PoissonRegression(Params params, Dataset data) {
        if (data == null) {
            throw new IllegalArgumentException("PoissonRegression needs --data.");
        }
        this.data = data;
        this.columns = (int) params.number("columns", data.columns());
        if (columns < 0 || columns > data.columns()) {
            throw new IllegalArgumentException("columns must lie in [0, " + data.columns() + "], got " + columns + ".");
        }
        double s = params.number("prior-sd", 10);
        this.priorPrecision = (float) (1 / (s * s));
    }

    public String name() { return "poisson-regression"; }
    public int dim() { return columns + 1; }
    public float[] parameters() { return new float[] {priorPrecision, columns}; }
    public int rows() { return data.rows(); }
    public int rowLength() { return columns + 1; }

    public List<String> parameterNames() {
        List<String> names = new ArrayList<>(List.of("intercept"));
        for (int c = 1; c <= columns; c++) {
            names.add("beta[" + c + "]");
        }
        return names;
    }

    public float[] data() {
        int length = rowLength();
        float[] x = new float[rows() * length];
        for (int i = 0; i < rows(); i++) {
            for (int c = 0; c < columns; c++) {
                x[i * length + c] = (float) data.feature(i, c);
            }
            x[i * length + columns] = (float) data.labels()[i];
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
        float eta = theta[t];
        for (int c = 0; c < (int) p[1]; c++) {
            eta += theta[t + (c + 1) * stride] * x[r + c];
        }
        return eta;
    }

    /** exp(eta) - y eta (log y! is a constant). */
    public static float rowPotential(float[] theta, int t, int stride, float[] p, float[] x, int r) {
        float eta = eta(theta, t, stride, p, x, r);
        return (float) Math.exp(eta) - x[r + (int) p[1]] * eta;
    }

    public static void addRowGradient(float[] theta, int t, int stride, float[] p, float[] x, int r, float weight,
                                      float[] grad, int g) {
        int k = (int) p[1];
        float slope = weight * ((float) Math.exp(eta(theta, t, stride, p, x, r)) - x[r + k]);
        grad[g] += slope;
        for (int c = 0; c < k; c++) {
            grad[g + (c + 1) * stride] += slope * x[r + c];
        }
    }
}
