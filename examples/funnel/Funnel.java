import dev.langevin.model.Model;
import dev.langevin.target.Params;

import java.util.ArrayList;
import java.util.List;

/**
 * Neal's funnel: v ~ N(0, 3^2) and, given v, each x_i ~ N(0, e^v), i = 1..d-1. The marginal
 * of v is exactly N(0, 3^2); the neck (v far below 0, where x's scale e^(v/2) is tiny) is where
 * a fixed step size cannot follow, so SGLD's draws of v lose their lower tail unless the step is
 * small. theta = (v, x_1, ..., x_{d-1}); --param d=D sets the dimension (default 2).
 */
public class Funnel implements Model {
    private final int dim;

    public Funnel(Params params) {
        this.dim = (int) params.number("d", 2);
        if (dim < 2) {
            throw new IllegalArgumentException("Funnel needs d >= 2, got " + dim + ".");
        }
    }

    public String name() { return "funnel"; }
    public int dim() { return dim; }
    public float[] parameters() { return new float[] {dim}; }

    public List<String> parameterNames() {
        List<String> names = new ArrayList<>(List.of("v"));
        for (int i = 1; i < dim; i++) {
            names.add("x[" + i + "]");
        }
        return names;
    }

    /** U = v^2 / 18 + e^(-v) |x|^2 / 2 + (d - 1) v / 2. */
    public static float priorPotential(float[] theta, int t, int stride, float[] p) {
        int d = (int) p[0];
        float v = theta[t];
        float squares = 0f;
        for (int i = 1; i < d; i++) {
            squares += theta[t + i * stride] * theta[t + i * stride];
        }
        return v * v / 18f + 0.5f * squares * (float) Math.exp(-v) + 0.5f * (d - 1) * v;
    }

    public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
        int d = (int) p[0];
        float v = theta[t];
        float inverse = (float) Math.exp(-v);
        float squares = 0f;
        for (int i = 1; i < d; i++) {
            float x = theta[t + i * stride];
            squares += x * x;
            grad[g + i * stride] = x * inverse;
        }
        grad[g] = v / 9f - 0.5f * squares * inverse + 0.5f * (d - 1);
    }
}
