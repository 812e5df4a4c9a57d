import dev.langevin.model.Model;
import dev.langevin.target.Params;

/** Rosenbrock's banana in two dimensions, b set by --param b=... */
public class Banana implements Model {
    private final float b;

    public Banana(Params params) {
        this.b = (float) params.number("b", 5);
    }

    public String name() { return "banana"; }
    public int dim() { return 2; }
    public float[] parameters() { return new float[] {b}; }

    public static float priorPotential(float[] theta, int t, int stride, float[] p) {
        float x = theta[t], y = theta[t + stride];
        return 0.5f * x * x + p[0] * (y - x * x) * (y - x * x);
    }

    public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
        float x = theta[t], y = theta[t + stride];
        float r = y - x * x;
        grad[g] = x - 4f * p[0] * r * x;
        grad[g + stride] = 2f * p[0] * r;
    }
}
