import dev.langevin.model.Model;

import java.util.ArrayList;
import java.util.List;

/**
 * The eight schools (Rubin 1981; Gelman et al., Bayesian Data Analysis, section 5.5), in the
 * non-centred form of Stan's documentation:
 * <pre>
 *   mu ~ normal(0, 5), tau ~ half-Cauchy(0, 5), theta_tilde_j ~ normal(0, 1),
 *   y_j ~ normal(mu + tau * theta_tilde_j, sigma_j),  j = 1..8
 * </pre>
 * sampled on the unconstrained scale log(tau), with its Jacobian: theta = (mu, log_tau,
 * theta_tilde[1..8]), reported as (mu, tau, theta_tilde[1..8]). Each school is a data row (y_j, sigma_j); row j's term involves
 * theta_tilde[j] only.
 */
public class EightSchools implements Model {
    static final float[] Y = {28, 8, -3, 7, -1, 1, 18, 12};
    static final float[] SIGMA = {15, 10, 16, 11, 9, 11, 10, 18};

    public String name() { return "eight-schools"; }
    public int dim() { return 10; }

    public List<String> parameterNames() {
        List<String> names = new ArrayList<>(List.of("mu", "log_tau"));
        for (int j = 1; j <= 8; j++) {
            names.add("theta_tilde[" + j + "]");
        }
        return names;
    }

    /** The summary reports tau on its natural scale. */
    public List<String> reportedNames() {
        List<String> names = new ArrayList<>(parameterNames());
        names.set(1, "tau");
        return names;
    }

    public double reported(int j, double value) {
        return j == 1 ? Math.exp(value) : value;
    }

    public int rows() { return 8; }
    public int rowLength() { return 2; }

    public float[] data() {
        float[] x = new float[16];
        for (int j = 0; j < 8; j++) {
            x[2 * j] = Y[j];
            x[2 * j + 1] = SIGMA[j];
        }
        return x;
    }

    /** mu ~ N(0, 5), tau = exp(s) ~ half-Cauchy(0, 5) with the Jacobian tau, theta_tilde ~ N(0, 1). */
    public static float priorPotential(float[] theta, int t, int stride, float[] p) {
        float mu = theta[t];
        float s = theta[t + stride];
        float tau = (float) Math.exp(s);
        float u = mu * mu / 50f + (float) Math.log1p(tau * tau / 25f) - s;
        for (int j = 2; j < 10; j++) {
            float z = theta[t + j * stride];
            u += 0.5f * z * z;
        }
        return u;
    }

    public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
        float mu = theta[t];
        float s = theta[t + stride];
        float tau2 = (float) Math.exp(2 * s) / 25f;
        grad[g] = mu / 25f;
        grad[g + stride] = 2f * tau2 / (1f + tau2) - 1f;
        for (int j = 2; j < 10; j++) {
            grad[g + j * stride] = theta[t + j * stride];
        }
    }

    /** School j = r / 2: y_j ~ N(mu + tau theta_tilde_j, sigma_j). */
    public static float rowPotential(float[] theta, int t, int stride, float[] p, float[] x, int r) {
        int j = r / 2;
        float tau = (float) Math.exp(theta[t + stride]);
        float z = (x[r] - theta[t] - tau * theta[t + (2 + j) * stride]) / x[r + 1];
        return 0.5f * z * z;
    }

    public static void addRowGradient(float[] theta, int t, int stride, float[] p, float[] x, int r, float weight,
                                      float[] grad, int g) {
        int j = r / 2;
        float tau = (float) Math.exp(theta[t + stride]);
        float tilde = theta[t + (2 + j) * stride];
        float slope = -weight * (x[r] - theta[t] - tau * tilde) / (x[r + 1] * x[r + 1]);
        grad[g] += slope;
        grad[g + stride] += slope * tau * tilde;
        grad[g + (2 + j) * stride] += slope * tau;
    }
}
