package dev.langevin.engine.tornadovm;

import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

import static dev.langevin.engine.tornadovm.Kernels.CHAINS;
import static dev.langevin.engine.tornadovm.Kernels.SGHMC;
import static dev.langevin.engine.tornadovm.Kernels.PSGLD;
import static dev.langevin.engine.tornadovm.Kernels.ADAM;
import static dev.langevin.engine.tornadovm.Kernels.SGD;
import static dev.langevin.engine.tornadovm.Kernels.SGLD;
import static dev.langevin.engine.tornadovm.Kernels.RULE;
import static dev.langevin.engine.tornadovm.Kernels.DIM;
import static dev.langevin.engine.tornadovm.Kernels.FIRST_CHAIN;
import static dev.langevin.engine.tornadovm.Kernels.KEPT;
import static dev.langevin.engine.tornadovm.Kernels.KEY0;
import static dev.langevin.engine.tornadovm.Kernels.KEY1;
import static dev.langevin.engine.tornadovm.Kernels.LAUNCH_STEPS;
import static dev.langevin.engine.tornadovm.Kernels.RESAMPLE;
import static dev.langevin.engine.tornadovm.Kernels.ROWS;
import static dev.langevin.engine.tornadovm.Kernels.START;
import static dev.langevin.engine.tornadovm.Kernels.STREAM_LANGEVIN;
import static dev.langevin.engine.tornadovm.Kernels.STREAM_MOMENTUM;

/**
 * {@link Kernels}' update rules over Java arrays, for {@link ModelKernel}: a model's methods
 * take {@code float[]}, so the state they read is one. Each method is its namesake in
 * {@link Kernels} with the same arithmetic in the same order, and the same noise addresses.
 * Public: {@link ModelKernel} is loaded again for each model, by a class loader of its own.
 */
public final class ModelRules {
    private static final float BETA1 = (float) 0.9;
    private static final float BETA2 = (float) 0.999;
    private static final float KEEP1 = (float) (1 - 0.9);
    private static final float KEEP2 = (float) (1 - 0.999);

    private ModelRules() {
    }

    /**
     * Chain c's step i of the launch by the launch's rule (any but mala), with the gradient at its
     * state already in grad, then the divergence check: the step of {@link ModelKernel#advance}
     * and of {@link MlpGroups#advance}.
     */
    public static void step(float[] theta, float[] grad, float[] aux0, float[] aux1, IntArray status,
                            FloatArray schedule, IntArray launch, FloatArray normals, IntArray words, int c, int i) {
        int rule = launch.get(RULE);
        if (rule == SGLD) {
            sgld(theta, grad, schedule, launch, normals, words, c, i);
        } else if (rule == SGD) {
            sgd(theta, grad, schedule, launch, c, i);
        } else if (rule == ADAM) {
            adam(theta, grad, aux0, aux1, schedule, launch, c, i);
        } else if (rule == PSGLD) {
            psgldAverage(grad, aux0, schedule, launch, c);
            psgld(theta, grad, aux0, schedule, launch, normals, words, c, i);
        } else if (rule == SGHMC) {
            sghmcRefresh(grad, aux0, schedule, launch, normals, words, c, i);
            sghmc(theta, grad, aux0, schedule, launch, normals, words, c, i);
        } else {
            sgnht(theta, grad, aux0, aux1, schedule, launch, normals, words, c, i);
        }
        checkFinite(theta, status, launch, c, i);
    }

    /** {@link Kernels#checkFinite}. */
    public static void checkFinite(float[] theta, IntArray status, IntArray launch, int c, int i) {
        int dims = launch.get(DIM);
        int chains = launch.get(CHAINS);
        float probe = 0f;
        for (int j = 0; j < dims; j++) {
            probe += theta[j * chains + c] * 0f;
        }
        if (probe != probe) {
            status.set(c, launch.get(START) + i);
        }
    }

    /** {@link Kernels#keep}. */
    public static void keep(float[] theta, FloatArray draws, IntArray launch, int c, int i) {
        int kept = launch.get(KEPT + i);
        if (kept >= 0) {
            int dims = launch.get(DIM);
            int chains = launch.get(CHAINS);
            for (int j = 0; j < dims; j++) {
                draws.set((kept * dims + j) * chains + c, theta[j * chains + c]);
            }
        }
    }

    /** {@link Kernels#sgld}. */
    public static void sgld(float[] theta, float[] grad, FloatArray schedule, IntArray launch, FloatArray normals,
                            IntArray words, int c, int i) {
        int dims = launch.get(DIM);
        int chains = launch.get(CHAINS);
        float stepSize = Kernels.stepSize(schedule, launch, c, i);
        float noiseScale = Kernels.noiseScale(schedule, launch, c, i);
        if (noiseScale == 0f) {
            sgd(theta, grad, schedule, launch, c, i);
        } else {
            int chain = launch.get(FIRST_CHAIN) + c;
            int step = launch.get(START) + i;
            for (int q = 0; q * 4 < dims; q++) {
                Kernels.normals(chain, step, q, STREAM_LANGEVIN, launch.get(KEY0), launch.get(KEY1), words, normals,
                        4 * c);
                for (int r = 0; r < 4 && q * 4 + r < dims; r++) {
                    int at = (q * 4 + r) * chains + c;
                    theta[at] = theta[at] - stepSize * grad[at] + noiseScale * normals.get(4 * c + r);
                }
            }
        }
    }

    /** {@link Kernels#sgd}. */
    public static void sgd(float[] theta, float[] grad, FloatArray schedule, IntArray launch, int c, int i) {
        int dims = launch.get(DIM);
        int chains = launch.get(CHAINS);
        float stepSize = Kernels.stepSize(schedule, launch, c, i);
        for (int j = 0; j < dims; j++) {
            int at = j * chains + c;
            theta[at] = theta[at] - stepSize * grad[at];
        }
    }

    /** {@link Kernels#adam}. */
    public static void adam(float[] theta, float[] grad, float[] m, float[] v, FloatArray schedule, IntArray launch,
                            int c, int i) {
        int dims = launch.get(DIM);
        int chains = launch.get(CHAINS);
        int k = launch.get(LAUNCH_STEPS);
        float stepSize = Kernels.stepSize(schedule, launch, c, i);
        float firstCorrection = schedule.get(2 * k + i);
        float secondCorrection = schedule.get(3 * k + i);
        for (int j = 0; j < dims; j++) {
            int at = j * chains + c;
            float g = grad[at];
            float first = m[at] * BETA1 + g * KEEP1;
            float second = v[at] * BETA2 + g * g * KEEP2;
            m[at] = first;
            v[at] = second;
            theta[at] = theta[at] - first * firstCorrection / (TornadoMath.sqrt(second * secondCorrection) + 1e-8f)
                    * stepSize;
        }
    }

    /**
     * {@link Kernels#psgldAverage} for a model: gbar is the rows' part of g over N for a model
     * with data rows (grad's second region holds it, see {@link ModelKernel#gradient}), as the
     * reference's (g - grad U_prior) / N, and g for a model without.
     */
    public static void psgldAverage(float[] grad, float[] v, FloatArray schedule, IntArray launch, int c) {
        int dims = launch.get(DIM);
        int chains = launch.get(CHAINS);
        int k = launch.get(LAUNCH_STEPS);
        float alpha = schedule.get(4 * k);
        float keep = schedule.get(4 * k + 1);
        int rows = launch.get(ROWS);
        int region = dims * chains;
        for (int j = 0; j < dims; j++) {
            int at = j * chains + c;
            float mean = rows > 0 ? grad[region + at] / rows : grad[at];
            v[at] = v[at] * alpha + mean * mean * keep;
        }
    }

    /** {@link Kernels#psgld}. */
    public static void psgld(float[] theta, float[] grad, float[] v, FloatArray schedule, IntArray launch,
                             FloatArray normals, IntArray words, int c, int i) {
        int dims = launch.get(DIM);
        int chains = launch.get(CHAINS);
        int k = launch.get(LAUNCH_STEPS);
        float stepSize = Kernels.stepSize(schedule, launch, c, i);
        float noiseScale = Kernels.noiseScale(schedule, launch, c, i);
        float correction = schedule.get(3 * k + i);
        float lambda = schedule.get(4 * k + 2);
        int chain = launch.get(FIRST_CHAIN) + c;
        int step = launch.get(START) + i;
        for (int q = 0; q * 4 < dims; q++) {
            if (noiseScale != 0f) {
                Kernels.normals(chain, step, q, STREAM_LANGEVIN, launch.get(KEY0), launch.get(KEY1), words, normals,
                        4 * c);
            }
            for (int r = 0; r < 4 && q * 4 + r < dims; r++) {
                int at = (q * 4 + r) * chains + c;
                float preconditioner = 1f / (TornadoMath.sqrt(v[at] * correction) + lambda);
                float x = theta[at] - preconditioner * grad[at] * stepSize;
                if (noiseScale != 0f) {
                    x += normals.get(4 * c + r) * TornadoMath.sqrt(preconditioner) * noiseScale;
                }
                theta[at] = x;
            }
        }
    }

    /** {@link Kernels#sghmc}. */
    public static void sghmc(float[] theta, float[] grad, float[] v, FloatArray schedule, IntArray launch,
                             FloatArray normals, IntArray words, int c, int i) {
        int dims = launch.get(DIM);
        int chains = launch.get(CHAINS);
        int k = launch.get(LAUNCH_STEPS);
        float stepSize = Kernels.stepSize(schedule, launch, c, i);
        float noiseScale = Kernels.noiseScale(schedule, launch, c, i);
        float keep = schedule.get(4 * k);
        float noise = noiseScale * schedule.get(4 * k + 1);
        int chain = launch.get(FIRST_CHAIN) + c;
        int step = launch.get(START) + i;
        for (int q = 0; q * 4 < dims; q++) {
            if (noise != 0f) {
                Kernels.normals(chain, step, q, STREAM_LANGEVIN, launch.get(KEY0), launch.get(KEY1), words, normals,
                        4 * c);
            }
            for (int r = 0; r < 4 && q * 4 + r < dims; r++) {
                int at = (q * 4 + r) * chains + c;
                float momentum = v[at] * keep - grad[at] * stepSize;
                if (noise != 0f) {
                    momentum += normals.get(4 * c + r) * noise;
                }
                v[at] = momentum;
                theta[at] = theta[at] + momentum;
            }
        }
    }

    /** {@link Kernels#sghmcRefresh}. */
    public static void sghmcRefresh(float[] grad, float[] v, FloatArray schedule, IntArray launch, FloatArray normals,
                                    IntArray words, int c, int i) {
        int step = launch.get(START) + i;
        int resample = launch.get(RESAMPLE);
        int period = resample > 0 ? resample : 0x7FFFFFFF;
        if (step % period == 0) {
            int dims = launch.get(DIM);
            int chains = launch.get(CHAINS);
            int k = launch.get(LAUNCH_STEPS);
            float momentumScale = Kernels.noiseScale(schedule, launch, c, i) * schedule.get(4 * k + 3);
            float drift = Kernels.stepSize(schedule, launch, c, i) * schedule.get(4 * k + 2);
            int chain = launch.get(FIRST_CHAIN) + c;
            for (int q = 0; q * 4 < dims; q++) {
                Kernels.normals(chain, step, q, STREAM_MOMENTUM, launch.get(KEY0), launch.get(KEY1), words, normals,
                        4 * c);
                for (int r = 0; r < 4 && q * 4 + r < dims; r++) {
                    int at = (q * 4 + r) * chains + c;
                    v[at] = grad[at] * drift + normals.get(4 * c + r) * momentumScale;
                }
            }
        }
    }

    /** {@link Kernels#sgnht}. */
    public static void sgnht(float[] theta, float[] grad, float[] v, float[] thermostat, FloatArray schedule,
                             IntArray launch, FloatArray normals, IntArray words, int c, int i) {
        int dims = launch.get(DIM);
        int chains = launch.get(CHAINS);
        int k = launch.get(LAUNCH_STEPS);
        float stepSize = Kernels.stepSize(schedule, launch, c, i);
        float noiseScale = Kernels.noiseScale(schedule, launch, c, i);
        int chain = launch.get(FIRST_CHAIN) + c;
        int step = launch.get(START) + i;
        if (step == 0) {
            float momentumScale = noiseScale * schedule.get(4 * k + 2);
            for (int q = 0; q * 4 < dims; q++) {
                Kernels.normals(chain, step, q, STREAM_MOMENTUM, launch.get(KEY0), launch.get(KEY1), words, normals,
                        4 * c);
                for (int r = 0; r < 4 && q * 4 + r < dims; r++) {
                    v[(q * 4 + r) * chains + c] = normals.get(4 * c + r) * momentumScale;
                }
            }
            thermostat[c] = schedule.get(4 * k);
        }
        float xi = thermostat[c];
        float keep = 1f - xi;
        float noise = noiseScale * schedule.get(4 * k + 1);
        float kinetic = 0f;
        for (int q = 0; q * 4 < dims; q++) {
            if (noise != 0f) {
                Kernels.normals(chain, step, q, STREAM_LANGEVIN, launch.get(KEY0), launch.get(KEY1), words, normals,
                        4 * c);
            }
            for (int r = 0; r < 4 && q * 4 + r < dims; r++) {
                int at = (q * 4 + r) * chains + c;
                float momentum = v[at] * keep - grad[at] * stepSize;
                if (noise != 0f) {
                    momentum += normals.get(4 * c + r) * noise;
                }
                v[at] = momentum;
                kinetic += momentum * momentum;
                theta[at] = theta[at] + momentum;
            }
        }
        thermostat[c] = xi + (kinetic / dims - noiseScale * noiseScale * 0.5f);
    }
}
