package dev.langevin.engine.tornadovm.example;

import dev.langevin.engine.tornadovm.Kernels;
import dev.langevin.target.Target;

import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * A target of one's own on the GPU without OpenCL: Himmelblau's function,
 * U(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2, with four minima, each scaled by 1 / s
 * (s = params[0]). Three pieces:
 * <ol>
 *   <li>{@link #gradient}: grad U of chain c, plain Java on TornadoVM's float arrays in the
 *       layout theta[j * chains + c];</li>
 *   <li>{@link #advance}: the task TornadoVM compiles, the engine's step loop around it (copy it
 *       and change the one line that calls the gradient);</li>
 *   <li>{@link Density}: the same U in double as a {@link Target}, which the reference engine
 *       runs and the diagnostics use.</li>
 * </ol>
 * Then: {@code new TornadoEngine(0, 64, Himmelblau::advance, new float[] {s}).run(plan, sink, progress)}
 * with a plan whose target is {@code new Himmelblau.Density(s)}.
 */
public final class Himmelblau {
    private Himmelblau() {
    }

    /** grad U at chain c's state, written to grad. */
    public static void gradient(FloatArray theta, FloatArray grad, FloatArray params, int chains, int c) {
        float x = theta.get(c);
        float y = theta.get(chains + c);
        float a = x * x + y - 11f;
        float b = x + y * y - 7f;
        float scale = 1f / params.get(0);
        grad.set(c, (4f * x * a + 2f * b) * scale);
        grad.set(chains + c, (2f * a + 4f * y * b) * scale);
    }

    /** The task: for every chain, K steps of gradient, update, divergence check and kept draws. */
    public static void advance(FloatArray theta, FloatArray grad, FloatArray aux0, FloatArray aux1, IntArray diverged,
                               FloatArray draws, FloatArray schedule, IntArray launch, FloatArray params,
                               FloatArray features, FloatArray labels, FloatArray normals, IntArray words) {
        for (@Parallel int c = 0; c < launch.get(Kernels.CHAINS); c++) {
            for (int i = 0; i < launch.get(Kernels.FUSED); i++) {
                if (Kernels.active(diverged, c)) {
                    gradient(theta, grad, params, launch.get(Kernels.CHAINS), c);
                    int rule = launch.get(Kernels.RULE);
                    if (rule == Kernels.SGLD) {
                        Kernels.sgld(theta, grad, schedule, launch, normals, words, c, i);
                    } else if (rule == Kernels.SGD) {
                        Kernels.sgd(theta, grad, schedule, launch, c, i);
                    } else {
                        Kernels.adam(theta, grad, aux0, aux1, schedule, launch, c, i);
                    }
                    Kernels.checkFinite(theta, diverged, launch, c, i);
                }
                Kernels.keep(theta, draws, launch, c, i);
            }
        }
    }

    /** The same density in double, for the reference engine and the summaries. */
    public record Density(double scale) implements Target {
        @Override
        public String name() {
            return "himmelblau";
        }

        @Override
        public int dim() {
            return 2;
        }

        @Override
        public double potential(double[] theta) {
            double a = theta[0] * theta[0] + theta[1] - 11;
            double b = theta[0] + theta[1] * theta[1] - 7;
            return (a * a + b * b) / scale;
        }

        @Override
        public void potentialGradient(double[] theta, double[] gradient) {
            double a = theta[0] * theta[0] + theta[1] - 11;
            double b = theta[0] + theta[1] * theta[1] - 7;
            gradient[0] = (4 * theta[0] * a + 2 * b) / scale;
            gradient[1] = (2 * a + 4 * theta[1] * b) / scale;
        }
    }
}
