package dev.langevin.engine.tornadovm;

import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The tornadovm engine's kernel, plain Java that TornadoVM compiles to OpenCL C or PTX: one
 * parallel iteration per chain advances it K fused steps (gradient, update, divergence check,
 * kept draws), in the state layout of docs/DESIGN.md contract 1 (coordinate j of chain c at
 * j * chains + c). Each block is the twin of the reference's class of the same name; the
 * noise is {@code dev.langevin.rng.Noise}'s: Philox4x32-10 on the same counters and Box-Muller
 * evaluated in double and rounded once, as the reference does.
 *
 * <p>Everything here is static, allocation-free and written in the subset of Java TornadoVM
 * compiles: primitive arithmetic, loops, branches, off-heap arrays and {@link TornadoMath}.
 */
public final class Kernels {
    // launch[] layout, written by the host before each execution
    public static final int START = 0;
    public static final int FUSED = 1;
    public static final int CHAINS = 2;
    public static final int FIRST_CHAIN = 3;
    public static final int KEY0 = 4;
    public static final int KEY1 = 5;
    public static final int TARGET = 6;
    public static final int RULE = 7;
    public static final int DIM = 8;
    public static final int ROWS = 9;
    public static final int COLS = 10;
    public static final int BATCH = 11;
    public static final int SHARED = 12;
    public static final int LAUNCH_STEPS = 13;
    /** Mixture components. */
    public static final int COMPONENTS = 14;
    /** sghmc: steps between momentum refreshes (0: only before step 0). */
    public static final int RESAMPLE = 15;
    /** 1 with sgld-cv's control-variate gradient. */
    public static final int CONTROL_VARIATE = 16;
    /** mala: the first step whose acceptance is counted (the burn-in). */
    public static final int COUNT_FROM = 17;
    /** A model's floats per data row. */
    public static final int ROW_LENGTH = 18;
    /**
     * Where schedule holds the chains' factors: the factor f_c of the step size
     * (dev.langevin.engine.StepGroups) at schedule[FACTORS + c * stride], and sqrt(f_c tau_c) of
     * the noise scale (tau_c: dev.langevin.engine.ReplicaExchange's factor of the temperature) at
     * schedule[FACTORS + (chains + c) * stride]; stride at launch[FACTOR_STRIDE].
     */
    public static final int FACTORS = 19;
    /** 1 when every chain has factors of its own; 0 when all share the one at schedule[FACTORS] (1). */
    public static final int FACTOR_STRIDE = 20;
    /** launch[KEPT + i]: the draw-buffer slot of the launch's step i, or -1. */
    public static final int KEPT = 21;

    static final int GAUSSIAN = 0;
    static final int QUADRATIC = 1;
    static final int ACKLEY = 2;
    static final int ROSENBROCK = 3;
    static final int DOUBLE_WELL = 4;
    static final int LINEAR = 5;
    static final int LOGISTIC = 6;
    static final int MIXTURE = 7;
    static final int CORRELATED = 8;

    public static final int SGLD = 0;
    public static final int SGD = 1;
    public static final int ADAM = 2;
    public static final int PSGLD = 3;
    public static final int SGHMC = 4;
    /** Models only ({@link ModelKernel}). */
    public static final int MALA = 5;
    public static final int SGNHT = 6;

    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final float BETA1 = (float) 0.9;
    private static final float BETA2 = (float) 0.999;
    private static final float KEEP1 = (float) (1 - 0.9);
    private static final float KEEP2 = (float) (1 - 0.999);
    static final int STREAM_LANGEVIN = 0;
    static final int STREAM_MINIBATCH = 1;
    static final int STREAM_METROPOLIS = 2;
    static final int STREAM_MOMENTUM = 3;

    private Kernels() {
    }

    /**
     * Advances every chain through one launch.
     *
     * @param theta    state, d x chains
     * @param grad     gradient scratch, d x chains
     * @param aux0     Adam's first moment, or the momentum of psgld's average, sghmc or sgnht (d x chains), or one float
     * @param aux1     Adam's second moment (d x chains), sgnht's thermostat (chains), or one float
     * @param diverged the step each chain diverged at, or -1
     * @param draws    the launch's kept draws, slot x d x chains
     * @param schedule step sizes, noise scales, Adam's two corrections: 4 x LAUNCH_STEPS; the rule's
     *                 constants (4); the chains' factors (see {@link #FACTORS})
     * @param launch   the launch's integers (see the constants above) and kept-draw slots
     * @param params   the target's parameters
     * @param features the data's features, row-major (regressions), or one float
     * @param labels   the data's labels, or one float
     * @param normals  scratch: 4 normals per chain
     * @param words    scratch: 4 Philox words per chain (minibatch rows, and the blocks behind the normals)
     */
    public static void advance(FloatArray theta, FloatArray grad, FloatArray aux0, FloatArray aux1, IntArray diverged,
                               FloatArray draws, FloatArray schedule, IntArray launch, FloatArray params,
                               FloatArray features, FloatArray labels, FloatArray normals, IntArray words) {
        for (@Parallel int c = 0; c < launch.get(CHAINS); c++) {
            for (int i = 0; i < launch.get(FUSED); i++) {
                if (active(diverged, c)) {
                    int target = launch.get(TARGET);
                    int dims = launch.get(DIM);
                    int chains = launch.get(CHAINS);
                    if (target == GAUSSIAN) {
                        gaussian(theta, grad, params, dims, chains, c);
                    } else if (target == QUADRATIC) {
                        quadratic(theta, grad, params, dims, chains, c);
                    } else if (target == ACKLEY) {
                        ackley(theta, grad, params, dims, chains, c);
                    } else if (target == ROSENBROCK) {
                        rosenbrock(theta, grad, params, dims, chains, c);
                    } else if (target == DOUBLE_WELL) {
                        doubleWell(theta, grad, params, dims, chains, c);
                    } else if (target == MIXTURE) {
                        mixture(theta, grad, params, dims, chains, c, launch.get(COMPONENTS));
                    } else if (target == CORRELATED) {
                        correlated(theta, grad, params, dims, chains, c);
                    } else {
                        // (prior and rows as separate calls: TornadoVM inlines no callee above 600 graph nodes)
                        regressionPrior(theta, grad, params, launch, c);
                        int count = launch.get(BATCH) == 0 ? launch.get(ROWS) : launch.get(BATCH);
                        for (int n = 0; n < count; n++) {
                            regressionRow(theta, grad, params, features, labels, words, launch, c, i, n,
                                    target == LOGISTIC);
                        }
                    }
                    int rule = launch.get(RULE);
                    if (rule == SGLD) {
                        sgld(theta, grad, schedule, launch, normals, words, c, i);
                    } else if (rule == SGD) {
                        sgd(theta, grad, schedule, launch, c, i);
                    } else if (rule == ADAM) {
                        adam(theta, grad, aux0, aux1, schedule, launch, c, i);
                    } else if (rule == PSGLD) {
                        psgldAverage(theta, grad, aux0, schedule, launch, params, c);
                        psgld(theta, grad, aux0, schedule, launch, normals, words, c, i);
                    } else if (rule == SGHMC) {
                        sghmcRefresh(grad, aux0, schedule, launch, normals, words, c, i);
                        sghmc(theta, grad, aux0, schedule, launch, normals, words, c, i);
                    } else {
                        sgnht(theta, grad, aux0, aux1, schedule, launch, normals, words, c, i);
                    }
                    checkFinite(theta, diverged, launch, c, i);
                }
                keep(theta, draws, launch, c, i);
            }
        }
    }

    /** Whether chain c still moves: it has not diverged. */
    public static boolean active(IntArray diverged, int c) {
        return diverged.get(c) < 0;
    }

    /** The step size of step i for chain c: eta_i f_c (f_c = 1 without step groups). */
    public static float stepSize(FloatArray schedule, IntArray launch, int c, int i) {
        return schedule.get(i) * schedule.get(launch.get(FACTORS) + c * launch.get(FACTOR_STRIDE));
    }

    /** The noise scale of step i for chain c: sqrt(2 eta_i T_i) sqrt(f_c tau_c) (the factor 1 without groups or exchange). */
    public static float noiseScale(FloatArray schedule, IntArray launch, int c, int i) {
        return schedule.get(launch.get(LAUNCH_STEPS) + i)
                * schedule.get(launch.get(FACTORS) + (launch.get(CHAINS) + c) * launch.get(FACTOR_STRIDE));
    }

    /** Docs/DESIGN.md contract 5: marks chain c diverged at step i when its state is not finite (x * 0 is then NaN). */
    public static void checkFinite(FloatArray theta, IntArray diverged, IntArray launch, int c, int i) {
        int dims = launch.get(DIM);
        int chains = launch.get(CHAINS);
        float probe = 0f;
        for (int j = 0; j < dims; j++) {
            probe += theta.get(j * chains + c) * 0f;
        }
        if (probe != probe) {
            diverged.set(c, launch.get(START) + i);
        }
    }

    /** Copies chain c's state into the launch's draw buffer when step i is kept. */
    public static void keep(FloatArray theta, FloatArray draws, IntArray launch, int c, int i) {
        int kept = launch.get(KEPT + i);
        if (kept >= 0) {
            int dims = launch.get(DIM);
            int chains = launch.get(CHAINS);
            for (int j = 0; j < dims; j++) {
                draws.set((kept * dims + j) * chains + c, theta.get(j * chains + c));
            }
        }
    }

    /** dev.langevin.target.Gaussian: (x - mu) / sigma^2; params = its parameters() (d, mean[d], precision[d]). */
    static void gaussian(FloatArray theta, FloatArray grad, FloatArray params, int dims, int chains, int c) {
        for (int j = 0; j < dims; j++) {
            grad.set(j * chains + c, (theta.get(j * chains + c) - params.get(1 + j)) * params.get(1 + dims + j));
        }
    }

    /** dev.langevin.target.Quadratic: curvature * x; params = its parameters() (d, curvatures[d]). */
    static void quadratic(FloatArray theta, FloatArray grad, FloatArray params, int dims, int chains, int c) {
        for (int j = 0; j < dims; j++) {
            grad.set(j * chains + c, theta.get(j * chains + c) * params.get(1 + j));
        }
    }

    /** dev.langevin.target.Ackley; params = its parameters() (d, a, b, c). */
    static void ackley(FloatArray theta, FloatArray grad, FloatArray params, int dims, int chains, int c) {
        float a = params.get(1);
        float b = params.get(2);
        float cc = params.get(3);
        float squares = 0f;
        float cosines = 0f;
        for (int j = 0; j < dims; j++) {
            float x = theta.get(j * chains + c);
            squares += x * x;
            cosines += TornadoMath.cos(cc * x);
        }
        float radius = TornadoMath.sqrt(squares / dims);
        float radial = radius == 0f ? 0f : a * b / dims * TornadoMath.exp(-b * radius) / radius;
        float ripple = cc / dims * TornadoMath.exp(cosines / dims);
        for (int j = 0; j < dims; j++) {
            float x = theta.get(j * chains + c);
            grad.set(j * chains + c, TornadoMath.sin(cc * x) * ripple + x * radial);
        }
    }

    /** dev.langevin.target.Rosenbrock, summed over consecutive pairs; params = its parameters() (d, a, b). */
    static void rosenbrock(FloatArray theta, FloatArray grad, FloatArray params, int dims, int chains, int c) {
        float a = params.get(1);
        float b = params.get(2);
        float carried = 0f;
        for (int j = 0; j + 1 < dims; j++) {
            float x = theta.get(j * chains + c);
            float valley = theta.get((j + 1) * chains + c) - x * x;
            grad.set(j * chains + c, carried + (-4f * b * x * valley - 2f * (a - x)));
            carried = 2f * b * valley;
        }
        grad.set((dims - 1) * chains + c, carried);
    }

    /** dev.langevin.target.DoubleWell: 4 h x (x^2 - 1); params = its parameters() (d, 4 h). */
    static void doubleWell(FloatArray theta, FloatArray grad, FloatArray params, int dims, int chains, int c) {
        for (int j = 0; j < dims; j++) {
            float x = theta.get(j * chains + c);
            grad.set(j * chains + c, (x * x - 1f) * x * params.get(1));
        }
    }

    /**
     * dev.langevin.target.Mixture of isotropic components: sum_k r_k (x - m_k) / s_k^2 with the
     * responsibilities r_k by log-sum-exp, recomputing each component's term rather than
     * keeping them; params = its parameters() (d, K, means[K], 1 / sigma[K], log constants[K]).
     */
    static void mixture(FloatArray theta, FloatArray grad, FloatArray params, int dims, int chains, int c,
                        int components) {
        float top = -3.4028235e38f;
        for (int k = 0; k < components; k++) {
            top = TornadoMath.max(top, logTerm(theta, params, dims, chains, c, components, k));
        }
        float total = 0f;
        for (int k = 0; k < components; k++) {
            total += TornadoMath.exp(logTerm(theta, params, dims, chains, c, components, k) - top);
        }
        float logTotal = TornadoMath.log(total) + top;
        for (int j = 0; j < dims; j++) {
            grad.set(j * chains + c, 0f);
        }
        for (int k = 0; k < components; k++) {
            float inverse = params.get(2 + components + k);
            float weight = TornadoMath.exp(logTerm(theta, params, dims, chains, c, components, k) - logTotal)
                    * inverse * inverse;
            for (int j = 0; j < dims; j++) {
                int at = j * chains + c;
                grad.set(at, grad.get(at) + (theta.get(at) - params.get(2 + k)) * weight);
            }
        }
    }

    /** log w_k + log N(x; m_k, s_k^2 I) up to a constant shared by the components. */
    static float logTerm(FloatArray theta, FloatArray params, int dims, int chains, int c, int components, int k) {
        float squares = 0f;
        for (int j = 0; j < dims; j++) {
            float z = (theta.get(j * chains + c) - params.get(2 + k)) * params.get(2 + components + k);
            squares += z * z;
        }
        return -0.5f * squares + params.get(2 + 2 * components + k);
    }

    /**
     * dev.langevin.target.CorrelatedGaussian: P (x - mu), P sparse by rows; params = its parameters()
     * (d, n, mean[d], values[n], rowStart[d + 1], columns[n]).
     */
    static void correlated(FloatArray theta, FloatArray grad, FloatArray params, int dims, int chains, int c) {
        int n = (int) params.get(1);
        int values = 2 + dims;
        int starts = values + n;
        int columns = starts + dims + 1;
        for (int r = 0; r < dims; r++) {
            float row = 0f;
            int end = (int) params.get(starts + r + 1);
            for (int k = (int) params.get(starts + r); k < end; k++) {
                int j = (int) params.get(columns + k);
                row += params.get(values + k) * (theta.get(j * chains + c) - params.get(2 + j));
            }
            grad.set(r * chains + c, row);
        }
    }

    /**
     * The prior's part of dev.langevin.target.LinearRegression / LogisticRegression: theta / s0^2,
     * plus with sgld-cv (dev.langevin.algorithm.ControlVariateGradient) sum_i grad U_i at the mode,
     * params[4 ..]; params = its parameters() (d, prior precision, noise precision), N / n, ...
     */
    static void regressionPrior(FloatArray theta, FloatArray grad, FloatArray params, IntArray launch, int c) {
        int dims = launch.get(DIM);
        int chains = launch.get(CHAINS);
        boolean controlVariate = launch.get(CONTROL_VARIATE) == 1;
        float priorPrecision = params.get(1);
        for (int j = 0; j < dims; j++) {
            float offset = controlVariate ? params.get(4 + j) : 0f;
            grad.set(j * chains + c, theta.get(j * chains + c) * priorPrecision + offset);
        }
    }

    /**
     * Row n of the full gradient or of the minibatch (FullGradient or MinibatchGradient, rows
     * drawn from stream 1, four per Philox block): adds (N / n) slope(eta, y) (1, x); with sgld-cv
     * the row's slope at the mode, params[3 + d + row], is subtracted from its slope.
     */
    static void regressionRow(FloatArray theta, FloatArray grad, FloatArray params, FloatArray features,
                              FloatArray labels, IntArray words, IntArray launch, int c, int i, int n,
                              boolean logistic) {
        int dims = launch.get(DIM);
        int chains = launch.get(CHAINS);
        int cols = launch.get(COLS);
        int row = n;
        if (launch.get(BATCH) > 0) {
            if ((n & 3) == 0) {
                int batchChain = launch.get(SHARED) == 1 ? 0 : launch.get(FIRST_CHAIN) + c;
                philox(batchChain, launch.get(START) + i, n >> 2, STREAM_MINIBATCH, launch.get(KEY0), launch.get(KEY1),
                        words, 4 * c);
            }
            row = toIndex(words.get(4 * c + (n & 3)), launch.get(ROWS));
        }
        float eta = theta.get(c);
        for (int j = 0; j < cols; j++) {
            eta += theta.get((j + 1) * chains + c) * features.get(row * cols + j);
        }
        float slope;
        if (logistic) {
            slope = 1f / (1f + TornadoMath.exp(-eta)) - labels.get(row);
        } else {
            slope = (eta - labels.get(row)) * params.get(2);
        }
        if (launch.get(CONTROL_VARIATE) == 1) {
            slope -= params.get(4 + dims + row);
        }
        slope *= params.get(3);
        grad.set(c, grad.get(c) + slope);
        for (int j = 0; j < cols; j++) {
            int at = (j + 1) * chains + c;
            grad.set(at, grad.get(at) + features.get(row * cols + j) * slope);
        }
    }

    /** dev.langevin.algorithm.Sgld at step i of the launch: theta - eta grad + sqrt(2 eta T) xi, xi from stream 0. */
    public static void sgld(FloatArray theta, FloatArray grad, FloatArray schedule, IntArray launch, FloatArray normals,
                            IntArray words, int c, int i) {
        int dims = launch.get(DIM);
        int chains = launch.get(CHAINS);
        float stepSize = stepSize(schedule, launch, c, i);
        float noiseScale = noiseScale(schedule, launch, c, i);
        if (noiseScale == 0f) {
            sgd(theta, grad, schedule, launch, c, i);
        } else {
            int chain = launch.get(FIRST_CHAIN) + c;
            int step = launch.get(START) + i;
            for (int q = 0; q * 4 < dims; q++) {
                normals(chain, step, q, STREAM_LANGEVIN, launch.get(KEY0), launch.get(KEY1), words, normals, 4 * c);
                for (int r = 0; r < 4 && q * 4 + r < dims; r++) {
                    int at = (q * 4 + r) * chains + c;
                    theta.set(at, theta.get(at) - stepSize * grad.get(at) + noiseScale * normals.get(4 * c + r));
                }
            }
        }
    }

    /** dev.langevin.algorithm.Sgd at step i of the launch: theta - eta grad. */
    public static void sgd(FloatArray theta, FloatArray grad, FloatArray schedule, IntArray launch, int c, int i) {
        int dims = launch.get(DIM);
        int chains = launch.get(CHAINS);
        float stepSize = stepSize(schedule, launch, c, i);
        for (int j = 0; j < dims; j++) {
            int at = j * chains + c;
            theta.set(at, theta.get(at) - stepSize * grad.get(at));
        }
    }

    /** dev.langevin.algorithm.Adam at step i of the launch, with the bias corrections' reciprocals from the host. */
    public static void adam(FloatArray theta, FloatArray grad, FloatArray m, FloatArray v, FloatArray schedule,
                            IntArray launch, int c, int i) {
        int dims = launch.get(DIM);
        int chains = launch.get(CHAINS);
        int k = launch.get(LAUNCH_STEPS);
        float stepSize = stepSize(schedule, launch, c, i);
        float firstCorrection = schedule.get(2 * k + i);
        float secondCorrection = schedule.get(3 * k + i);
        for (int j = 0; j < dims; j++) {
            int at = j * chains + c;
            float g = grad.get(at);
            float first = m.get(at) * BETA1 + g * KEEP1;
            float second = v.get(at) * BETA2 + g * g * KEEP2;
            m.set(at, first);
            v.set(at, second);
            theta.set(at, theta.get(at) - first * firstCorrection / (TornadoMath.sqrt(second * secondCorrection) + 1e-8f)
                    * stepSize);
        }
    }

    /**
     * The first half of dev.langevin.algorithm.Psgld's step: V = alpha V + (1 - alpha) gbar^2, gbar the mean
     * per-datum gradient, (g - theta / s0^2) / N on the regressions (params[0]: the prior precision) and g
     * elsewhere; alpha and 1 - alpha at schedule[4K ..]. (Two calls from advance keep each under TornadoVM's
     * inlining limit.)
     */
    public static void psgldAverage(FloatArray theta, FloatArray grad, FloatArray v, FloatArray schedule,
                                    IntArray launch, FloatArray params, int c) {
        int dims = launch.get(DIM);
        int chains = launch.get(CHAINS);
        int k = launch.get(LAUNCH_STEPS);
        float alpha = schedule.get(4 * k);
        float keep = schedule.get(4 * k + 1);
        int target = launch.get(TARGET);
        boolean regression = target == LINEAR || target == LOGISTIC;
        float rows = launch.get(ROWS);
        for (int j = 0; j < dims; j++) {
            int at = j * chains + c;
            float g = grad.get(at);
            float mean = regression ? (g - theta.get(at) * params.get(1)) / rows : g;
            v.set(at, v.get(at) * alpha + mean * mean * keep);
        }
    }

    /**
     * The second half of dev.langevin.algorithm.Psgld's step i, after {@link #psgldAverage}:
     * G = 1 / (lambda + sqrt(V c2)), theta - eta G g + sqrt(2 eta T) sqrt(G) xi; c2 = 1 / (1 - alpha^(k+1)) at
     * schedule[3K + i], lambda at schedule[4K + 2].
     */
    public static void psgld(FloatArray theta, FloatArray grad, FloatArray v, FloatArray schedule, IntArray launch,
                             FloatArray normals, IntArray words, int c, int i) {
        int dims = launch.get(DIM);
        int chains = launch.get(CHAINS);
        int k = launch.get(LAUNCH_STEPS);
        float stepSize = stepSize(schedule, launch, c, i);
        float noiseScale = noiseScale(schedule, launch, c, i);
        float correction = schedule.get(3 * k + i);
        float lambda = schedule.get(4 * k + 2);
        int chain = launch.get(FIRST_CHAIN) + c;
        int step = launch.get(START) + i;
        for (int q = 0; q * 4 < dims; q++) {
            if (noiseScale != 0f) {
                normals(chain, step, q, STREAM_LANGEVIN, launch.get(KEY0), launch.get(KEY1), words, normals, 4 * c);
            }
            for (int r = 0; r < 4 && q * 4 + r < dims; r++) {
                int at = (q * 4 + r) * chains + c;
                float preconditioner = 1f / (TornadoMath.sqrt(v.get(at) * correction) + lambda);
                float x = theta.get(at) - preconditioner * grad.get(at) * stepSize;
                if (noiseScale != 0f) {
                    x += normals.get(4 * c + r) * TornadoMath.sqrt(preconditioner) * noiseScale;
                }
                theta.set(at, x);
            }
        }
    }

    /**
     * dev.langevin.algorithm.Sghmc at step i, after {@link #sghmcRefresh}:
     * v = (1 - alpha) v - eta g + sqrt(2 eta T) sqrt(alpha - beta) xi and theta + v; 1 - alpha and
     * sqrt(alpha - beta) at schedule[4K ..], the refresh period at launch[RESAMPLE].
     */
    public static void sghmc(FloatArray theta, FloatArray grad, FloatArray v, FloatArray schedule, IntArray launch,
                             FloatArray normals, IntArray words, int c, int i) {
        int dims = launch.get(DIM);
        int chains = launch.get(CHAINS);
        int k = launch.get(LAUNCH_STEPS);
        float stepSize = stepSize(schedule, launch, c, i);
        float noiseScale = noiseScale(schedule, launch, c, i);
        float keep = schedule.get(4 * k);
        float noise = noiseScale * schedule.get(4 * k + 1);
        int chain = launch.get(FIRST_CHAIN) + c;
        int step = launch.get(START) + i;
        for (int q = 0; q * 4 < dims; q++) {
            if (noise != 0f) {
                normals(chain, step, q, STREAM_LANGEVIN, launch.get(KEY0), launch.get(KEY1), words, normals, 4 * c);
            }
            for (int r = 0; r < 4 && q * 4 + r < dims; r++) {
                int at = (q * 4 + r) * chains + c;
                float momentum = v.get(at) * keep - grad.get(at) * stepSize;
                if (noise != 0f) {
                    momentum += normals.get(4 * c + r) * noise;
                }
                v.set(at, momentum);
                theta.set(at, theta.get(at) + momentum);
            }
        }
    }

    /**
     * SGHMC's refresh before step i when it is one: v = eta / (2 - alpha) g + sqrt(2 eta T / (2 - alpha)) zeta,
     * zeta from stream 3; 1 / (2 - alpha) and 1 / sqrt(2 - alpha) at schedule[4K + 2 ..].
     */
    public static void sghmcRefresh(FloatArray grad, FloatArray v, FloatArray schedule, IntArray launch,
                                    FloatArray normals, IntArray words, int c, int i) {
        int step = launch.get(START) + i;
        int resample = launch.get(RESAMPLE);
        // no step % 0: the backend may evaluate both sides of && (an OpenCL division by zero is undefined);
        // 0 means "only before step 0", which a period of 2^31 - 1 gives for every reachable step
        int period = resample > 0 ? resample : 0x7FFFFFFF;
        if (step % period == 0) {
            int dims = launch.get(DIM);
            int chains = launch.get(CHAINS);
            int k = launch.get(LAUNCH_STEPS);
            float momentumScale = noiseScale(schedule, launch, c, i) * schedule.get(4 * k + 3);
            float drift = stepSize(schedule, launch, c, i) * schedule.get(4 * k + 2);
            int chain = launch.get(FIRST_CHAIN) + c;
            for (int q = 0; q * 4 < dims; q++) {
                normals(chain, step, q, STREAM_MOMENTUM, launch.get(KEY0), launch.get(KEY1), words, normals, 4 * c);
                for (int r = 0; r < 4 && q * 4 + r < dims; r++) {
                    int at = (q * 4 + r) * chains + c;
                    v.set(at, grad.get(at) * drift + normals.get(4 * c + r) * momentumScale);
                }
            }
        }
    }

    /**
     * dev.langevin.algorithm.Sgnht at step i: before step 0, v = sqrt(eta T) zeta (stream 3) and xi = a;
     * then v = (1 - xi) v - eta g + sqrt(2 a eta T) zeta' (stream 0), theta + v, xi + (|v|^2 / d - eta T),
     * with eta T = s^2 / 2 for the noise scale s; a, sqrt(a) and 1 / sqrt(2) at schedule[4K ..], xi at
     * thermostat[c].
     */
    public static void sgnht(FloatArray theta, FloatArray grad, FloatArray v, FloatArray thermostat,
                             FloatArray schedule, IntArray launch, FloatArray normals, IntArray words, int c, int i) {
        int dims = launch.get(DIM);
        int chains = launch.get(CHAINS);
        int k = launch.get(LAUNCH_STEPS);
        float stepSize = stepSize(schedule, launch, c, i);
        float noiseScale = noiseScale(schedule, launch, c, i);
        int chain = launch.get(FIRST_CHAIN) + c;
        int step = launch.get(START) + i;
        if (step == 0) {
            float momentumScale = noiseScale * schedule.get(4 * k + 2);
            for (int q = 0; q * 4 < dims; q++) {
                normals(chain, step, q, STREAM_MOMENTUM, launch.get(KEY0), launch.get(KEY1), words, normals, 4 * c);
                for (int r = 0; r < 4 && q * 4 + r < dims; r++) {
                    v.set((q * 4 + r) * chains + c, normals.get(4 * c + r) * momentumScale);
                }
            }
            thermostat.set(c, schedule.get(4 * k));
        }
        float xi = thermostat.get(c);
        float keep = 1f - xi;
        float noise = noiseScale * schedule.get(4 * k + 1);
        float kinetic = 0f;
        for (int q = 0; q * 4 < dims; q++) {
            if (noise != 0f) {
                normals(chain, step, q, STREAM_LANGEVIN, launch.get(KEY0), launch.get(KEY1), words, normals, 4 * c);
            }
            for (int r = 0; r < 4 && q * 4 + r < dims; r++) {
                int at = (q * 4 + r) * chains + c;
                float momentum = v.get(at) * keep - grad.get(at) * stepSize;
                if (noise != 0f) {
                    momentum += normals.get(4 * c + r) * noise;
                }
                v.set(at, momentum);
                kinetic += momentum * momentum;
                theta.set(at, theta.get(at) + momentum);
            }
        }
        thermostat.set(c, xi + (kinetic / dims - noiseScale * noiseScale * 0.5f));
    }

    /** Philox4x32-10 of counter (c0, c1, c2, c3) and key (k0, k1), into out[base .. base + 3]; dev.langevin.rng.Philox. */
    public static void philox(int c0, int c1, int c2, int c3, int k0, int k1, IntArray out, int base) {
        int x0 = c0;
        int x1 = c1;
        int x2 = c2;
        int x3 = c3;
        int key0 = k0;
        int key1 = k1;
        for (int round = 0; round < 10; round++) {
            long p0 = (M0 & 0xFFFFFFFFL) * (x0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (x2 & 0xFFFFFFFFL);
            int hi0 = (int) (p0 >>> 32);
            int lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32);
            int lo1 = (int) p1;
            int y0 = hi1 ^ x1 ^ key0;
            int y2 = hi0 ^ x3 ^ key1;
            x0 = y0;
            x1 = lo1;
            x2 = y2;
            x3 = lo0;
            key0 += W0;
            key1 += W1;
        }
        out.set(base, x0);
        out.set(base + 1, x1);
        out.set(base + 2, x2);
        out.set(base + 3, x3);
    }

    /** The four normals of one block: Box-Muller on the pairs (0, 1) and (2, 3) in double, rounded once (Noise.boxMuller). */
    public static void normals(int chain, int step, int quad, int stream, int k0, int k1, IntArray words, FloatArray out,
                        int base) {
        philox(chain, step, quad, stream, k0, k1, words, base);
        int x0 = words.get(base);
        int x1 = words.get(base + 1);
        int x2 = words.get(base + 2);
        int x3 = words.get(base + 3);
        double r0 = TornadoMath.sqrt(-2.0 * TornadoMath.log(uniform(x0)));
        double a0 = 2.0 * Math.PI * uniform(x1);
        double r1 = TornadoMath.sqrt(-2.0 * TornadoMath.log(uniform(x2)));
        double a1 = 2.0 * Math.PI * uniform(x3);
        out.set(base, (float) (r0 * TornadoMath.cos(a0)));
        out.set(base + 1, (float) (r0 * TornadoMath.sin(a0)));
        out.set(base + 2, (float) (r1 * TornadoMath.cos(a1)));
        out.set(base + 3, (float) (r1 * TornadoMath.sin(a1)));
    }

    /** ((x >>> 8) + 0.5) * 2^-24, exact in double (Noise.toUniform). */
    public static double uniform(int word) {
        // the mask keeps the shift unsigned however the backend translates >>>
        int mantissa = (word >> 8) & 0x00FFFFFF;
        return (mantissa + 0.5) * 5.9604644775390625E-8;
    }

    /** (x * n) >>> 32 (Noise.toIndex). */
    public static int toIndex(int word, int n) {
        return (int) (((word & 0xFFFFFFFFL) * n) >>> 32);
    }
}
