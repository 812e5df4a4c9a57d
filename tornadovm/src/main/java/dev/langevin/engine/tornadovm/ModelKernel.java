package dev.langevin.engine.tornadovm;

import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

import static dev.langevin.engine.tornadovm.Kernels.BATCH;
import static dev.langevin.engine.tornadovm.Kernels.CHAINS;
import static dev.langevin.engine.tornadovm.Kernels.COUNT_FROM;
import static dev.langevin.engine.tornadovm.Kernels.DIM;
import static dev.langevin.engine.tornadovm.Kernels.FIRST_CHAIN;
import static dev.langevin.engine.tornadovm.Kernels.FUSED;
import static dev.langevin.engine.tornadovm.Kernels.KEY0;
import static dev.langevin.engine.tornadovm.Kernels.KEY1;
import static dev.langevin.engine.tornadovm.Kernels.LAUNCH_STEPS;
import static dev.langevin.engine.tornadovm.Kernels.MALA;
import static dev.langevin.engine.tornadovm.Kernels.PSGLD;
import static dev.langevin.engine.tornadovm.Kernels.ROWS;
import static dev.langevin.engine.tornadovm.Kernels.ROW_LENGTH;
import static dev.langevin.engine.tornadovm.Kernels.RULE;
import static dev.langevin.engine.tornadovm.Kernels.SHARED;
import static dev.langevin.engine.tornadovm.Kernels.START;
import static dev.langevin.engine.tornadovm.Kernels.STREAM_LANGEVIN;
import static dev.langevin.engine.tornadovm.Kernels.STREAM_METROPOLIS;
import static dev.langevin.engine.tornadovm.Kernels.STREAM_MINIBATCH;

/**
 * The tornadovm engine's kernel for a model (dev.langevin.model.Model): {@link Kernels#advance}
 * with the model's own static methods in place of a built-in target's gradient. It calls
 * {@link ModelStub}'s methods; {@link ModelKernels} loads this class again for each model, in a
 * class loader where ModelStub is the model's class, so that TornadoVM compiles the model's
 * methods into the kernel. The state layout is the engine's (coordinate j of chain c at
 * j * chains + c), so the model's methods read the state in place with t = c and stride =
 * chains; the state is a Java array because they take one.
 *
 * <p>Arrays: theta holds the state (and with mala the proposal after it), grad the gradient
 * (and with mala the proposal's, with psgld on a model with data rows the rows' sum), aux0 the
 * rule's vector (d x chains) and aux1 Adam's second moment or sgnht's thermostat (one per chain),
 * status the step each chain diverged at (or -1) and after it mala's acceptance counts; schedule
 * is {@link Kernels}' (the launch's series, then the rule's constants) followed by the minibatch
 * weight N / n at 4K + {@link #WEIGHT}, the temperature T_i of each of the launch's steps from
 * 4K + {@link #CONSTANTS} (for mala), and the chains' factors at launch[{@link Kernels#FACTORS}].
 */
public final class ModelKernel {
    /** schedule[4K + WEIGHT]: N / n for a minibatch. */
    public static final int WEIGHT = 4;
    /** Floats of schedule between its 4K series and the launch's K temperatures. */
    public static final int CONSTANTS = 6;

    private ModelKernel() {
    }

    /** This class's {@link #advance} as a task. */
    public static ModelTask task() {
        return ModelKernel::advance;
    }

    /** Advances every chain through one launch (see the class comment for the arrays). */
    public static void advance(float[] theta, float[] grad, float[] aux0, float[] aux1, IntArray status,
                               FloatArray draws, FloatArray schedule, IntArray launch, float[] p, float[] x,
                               FloatArray normals, IntArray words) {
        for (@Parallel int c = 0; c < launch.get(CHAINS); c++) {
            if (launch.get(RULE) == MALA) {
                mala(theta, grad, status, draws, schedule, launch, p, x, normals, words, c);
            } else {
                for (int i = 0; i < launch.get(FUSED); i++) {
                    if (status.get(c) < 0) {
                        gradient(theta, grad, p, x, schedule, launch, words, c, i, c, launch.get(RULE) == PSGLD);
                        ModelRules.step(theta, grad, aux0, aux1, status, schedule, launch, normals, words, c, i);
                    }
                    ModelRules.keep(theta, draws, launch, c, i);
                }
            }
        }
    }

    /**
     * grad U of the point at offset t of theta (chain c's state or its proposal) into grad at
     * the same offset: the prior's, then every row's (dev.langevin.algorithm.FullGradient) or a
     * minibatch's, N / n times (dev.langevin.algorithm.MinibatchGradient: rows from stream 1, four
     * per Philox block). With separateRows the rows are summed apart in grad's second region,
     * where they stay (psgld's mean per-datum gradient is that sum over N), and then added.
     */
    static void gradient(float[] theta, float[] grad, float[] p, float[] x, FloatArray schedule, IntArray launch,
                         IntArray words, int c, int i, int t, boolean separateRows) {
        int chains = launch.get(CHAINS);
        ModelStub.priorGradient(theta, t, chains, p, grad, t);
        int rows = launch.get(ROWS);
        if (rows > 0) {
            int dims = launch.get(DIM);
            int g = separateRows ? dims * chains + t : t;
            if (separateRows) {
                for (int j = 0; j < dims; j++) {
                    grad[g + j * chains] = 0f;
                }
            }
            int length = launch.get(ROW_LENGTH);
            int batch = launch.get(BATCH);
            if (batch == 0) {
                for (int n = 0; n < rows; n++) {
                    ModelStub.addRowGradient(theta, t, chains, p, x, n * length, 1f, grad, g);
                }
            } else {
                float weight = schedule.get(4 * launch.get(LAUNCH_STEPS) + WEIGHT);
                for (int n = 0; n < batch; n++) {
                    int row = batchRow(launch, words, c, i, n);
                    ModelStub.addRowGradient(theta, t, chains, p, x, row * length, weight, grad, g);
                }
            }
            if (separateRows) {
                for (int j = 0; j < dims; j++) {
                    grad[t + j * chains] += grad[g + j * chains];
                }
            }
        }
    }

    /** Row n of the minibatch of chain c (chain 0's when shared) at step i of the launch. */
    static int batchRow(IntArray launch, IntArray words, int c, int i, int n) {
        if ((n & 3) == 0) {
            int batchChain = launch.get(SHARED) == 1 ? 0 : launch.get(FIRST_CHAIN) + c;
            Kernels.philox(batchChain, launch.get(START) + i, n >> 2, STREAM_MINIBATCH, launch.get(KEY0),
                    launch.get(KEY1), words, 4 * c);
        }
        return Kernels.toIndex(words.get(4 * c + (n & 3)), launch.get(ROWS));
    }

    /** U of the point at offset t of theta: the prior's term and every row's, summed in double as the reference sums them. */
    static double potential(float[] theta, float[] p, float[] x, IntArray launch, int t) {
        int chains = launch.get(CHAINS);
        int rows = launch.get(ROWS);
        int length = launch.get(ROW_LENGTH);
        double u = ModelStub.priorPotential(theta, t, chains, p);
        for (int n = 0; n < rows; n++) {
            u += ModelStub.rowPotential(theta, t, chains, p, x, n * length);
        }
        return u;
    }

    /**
     * dev.langevin.algorithm.Mala, chain c through the launch: U and its gradient at the state
     * once, then at each step the proposal theta - eta grad + sqrt(2 eta T) xi (xi from stream 0,
     * rounded to float) after the state, U and its gradient there, and the test at the step's
     * temperature T_i against stream 2's uniform; an accepted proposal becomes the state with its
     * gradient and U. The step size and noise scale carry the chain's factors.
     */
    static void mala(float[] theta, float[] grad, IntArray status, FloatArray draws, FloatArray schedule,
                     IntArray launch, float[] p, float[] x, FloatArray normals, IntArray words, int c) {
        int chains = launch.get(CHAINS);
        int proposal = launch.get(DIM) * chains + c;
        double current = 0;
        if (status.get(c) < 0) {
            gradient(theta, grad, p, x, schedule, launch, words, c, 0, c, false);
            current = potential(theta, p, x, launch, c);
        }
        for (int i = 0; i < launch.get(FUSED); i++) {
            if (status.get(c) < 0) {
                double forward = propose(theta, grad, schedule, launch, normals, words, c, i);
                gradient(theta, grad, p, x, schedule, launch, words, c, i, proposal, false);
                double proposed = potential(theta, p, x, launch, proposal);
                double stepSize = Kernels.stepSize(schedule, launch, c, i);
                double temperature = schedule.get(4 * launch.get(LAUNCH_STEPS) + CONSTANTS + i);
                double logAlpha = -(proposed - current) / temperature
                        + (forward - backward(theta, grad, schedule, launch, c, i)) / (4 * stepSize * temperature);
                int step = launch.get(START) + i;
                Kernels.philox(launch.get(FIRST_CHAIN) + c, step, 0, STREAM_METROPOLIS, launch.get(KEY0),
                        launch.get(KEY1), words, 4 * c);
                if (TornadoMath.log(Kernels.uniform(words.get(4 * c))) < logAlpha) {
                    accept(theta, grad, launch, c);
                    current = proposed;
                    if (step >= launch.get(COUNT_FROM)) {
                        status.set(chains + c, status.get(chains + c) + 1);
                    }
                }
                ModelRules.checkFinite(theta, status, launch, c, i);
            }
            ModelRules.keep(theta, draws, launch, c, i);
        }
    }

    /** Writes chain c's proposal after the state and returns |theta' - theta + eta grad|^2, in double as the reference computes them. */
    static double propose(float[] theta, float[] grad, FloatArray schedule, IntArray launch, FloatArray normals,
                          IntArray words, int c, int i) {
        int dims = launch.get(DIM);
        int chains = launch.get(CHAINS);
        int region = dims * chains;
        double stepSize = Kernels.stepSize(schedule, launch, c, i);
        double scale = Kernels.noiseScale(schedule, launch, c, i);
        int chain = launch.get(FIRST_CHAIN) + c;
        int step = launch.get(START) + i;
        double forward = 0;
        for (int q = 0; q * 4 < dims; q++) {
            Kernels.normals(chain, step, q, STREAM_LANGEVIN, launch.get(KEY0), launch.get(KEY1), words, normals, 4 * c);
            for (int r = 0; r < 4 && q * 4 + r < dims; r++) {
                int at = (q * 4 + r) * chains + c;
                double from = theta[at];
                double drift = stepSize * grad[at];
                float y = (float) (from - drift + scale * normals.get(4 * c + r));
                theta[region + at] = y;
                double residual = y - from + drift;
                forward += residual * residual;
            }
        }
        return forward;
    }

    /** |theta - theta' + eta grad U(theta')|^2 for chain c. */
    static double backward(float[] theta, float[] grad, FloatArray schedule, IntArray launch, int c, int i) {
        int dims = launch.get(DIM);
        int chains = launch.get(CHAINS);
        int region = dims * chains;
        double stepSize = Kernels.stepSize(schedule, launch, c, i);
        double backward = 0;
        for (int j = 0; j < dims; j++) {
            int at = j * chains + c;
            double residual = (double) theta[at] - theta[region + at] + stepSize * grad[region + at];
            backward += residual * residual;
        }
        return backward;
    }

    /** The proposal and its gradient become chain c's state and gradient. */
    static void accept(float[] theta, float[] grad, IntArray launch, int c) {
        int dims = launch.get(DIM);
        int chains = launch.get(CHAINS);
        int region = dims * chains;
        for (int j = 0; j < dims; j++) {
            int at = j * chains + c;
            theta[at] = theta[region + at];
            grad[at] = grad[region + at];
        }
    }
}
