package dev.langevin.engine.tornadovm;

import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.engine.Plan;
import dev.langevin.model.ModelTarget;
import dev.langevin.target.Mlp;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.TornadoDeviceType;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

import static dev.langevin.engine.tornadovm.Kernels.BATCH;
import static dev.langevin.engine.tornadovm.Kernels.CHAINS;
import static dev.langevin.engine.tornadovm.Kernels.DIM;
import static dev.langevin.engine.tornadovm.Kernels.FIRST_CHAIN;
import static dev.langevin.engine.tornadovm.Kernels.FUSED;
import static dev.langevin.engine.tornadovm.Kernels.KEY0;
import static dev.langevin.engine.tornadovm.Kernels.KEY1;
import static dev.langevin.engine.tornadovm.Kernels.LAUNCH_STEPS;
import static dev.langevin.engine.tornadovm.Kernels.PSGLD;
import static dev.langevin.engine.tornadovm.Kernels.ROWS;
import static dev.langevin.engine.tornadovm.Kernels.ROW_LENGTH;
import static dev.langevin.engine.tornadovm.Kernels.RULE;
import static dev.langevin.engine.tornadovm.Kernels.SHARED;
import static dev.langevin.engine.tornadovm.Kernels.START;
import static dev.langevin.engine.tornadovm.Kernels.STREAM_MINIBATCH;

/**
 * dev.langevin.target.Mlp's gradient with one work-group per chain, for devices whose threads
 * cannot hold a chain's d floats of theta and gradient ({@link ModelKernel} runs a chain per
 * thread): the chain's theta and gradient in the group's local memory, each layer's units
 * (forward), weights (their gradient) and inputs (the error sent back) shared out among the
 * group's work items, the rows of the batch one after another, in the same sums in the same order
 * as Mlp's methods in {@link ModelKernel#gradient}. Each execution of the task graph is one step:
 * {@link #gradient} (a TornadoVM KernelContext task) writes the gradient into grad, then
 * {@link #advance} takes the step with it (launch[FUSED] = 1, the step's series at index 0). The twin of the opencl engine's kernels/mlp-group.cl.
 *
 * <p>TornadoVM sizes local arrays at compile time, so the kernel has fixed capacities: d up to
 * {@link #MAX_DIM}, the hidden widths and K up to Mlp.SCRATCH, a minibatch up to {@link #MAX_BATCH}
 * rows; {@link #LOCAL_BYTES} in all, which the device's local memory must hold. The local arrays
 * are used in the kernel's own body only: TornadoVM 5.2 indexes a local array passed to another
 * method as a Java array on the heap, with its header and byte offsets.
 */
public final class MlpGroups {
    /** Work items per chain, at most (fewer where the device allows fewer). */
    static final int GROUP_SIZE = 64;
    /** The largest d the kernel's local arrays hold. */
    public static final int MAX_DIM = 4096;
    /** The largest minibatch the kernel's local array of rows holds. */
    public static final int MAX_BATCH = 1024;
    /** Bytes of the kernel's local arrays: theta and gradient, the layers' outputs and errors, the batch's rows. */
    static final long LOCAL_BYTES = 4L * (2 * MAX_DIM + 2 * Mlp.SCRATCH + MAX_BATCH);

    // Mlp's parameter layout
    private static final int LAYERS = 0;
    private static final int ACTIVATION = 1;
    private static final int PRECISION = 2;
    private static final int WIDTHS = 4;

    private MlpGroups() {
    }

    /**
     * Whether a plan's gradient goes to {@link #gradient}: an Mlp (classifier or regression), a rule that takes the
     * gradient once per step at the chain's state (all the model rules but mala), the full
     * gradient or a minibatch, and a chain that fits the kernel's local arrays and the device's
     * local memory.
     */
    static boolean serves(Plan plan, long localMemory) {
        if (!(plan.target() instanceof ModelTarget m) || !(m.model() instanceof Mlp mlp)) {
            return false;
        }
        boolean estimator = plan.estimator() instanceof FullGradient || plan.estimator() instanceof MinibatchGradient;
        int batch = plan.estimator() instanceof MinibatchGradient minibatch ? minibatch.batchSize() : 0;
        return estimator && TornadoEngine.ruleId(plan.rule()) >= 0 && plan.dim() <= MAX_DIM && batch <= MAX_BATCH
                && LOCAL_BYTES <= localMemory;
    }

    /**
     * Whether the plan runs on this path on the device: as asked (chainGroups true or false),
     * or by default on GPUs and accelerators, where a thread per chain spills its state.
     */
    static boolean takes(Plan plan, TornadoDevice device, Boolean chainGroups) {
        boolean wanted = chainGroups != null ? chainGroups
                : device.getDeviceType() == TornadoDeviceType.GPU || device.getDeviceType() == TornadoDeviceType.ACCELERATOR;
        return wanted && serves(plan, device.getPhysicalDevice().getDeviceLocalMemorySize());
    }

    /** Work items per chain on the device. */
    static int groupSize(TornadoDevice device) {
        long[] most = device.getPhysicalDevice().getDeviceMaxWorkGroupSize();
        return (int) Math.max(1, Math.min(GROUP_SIZE, most == null || most.length == 0 ? GROUP_SIZE : most[0]));
    }

    /**
     * grad U of chain c = the group's number, as {@link ModelKernel#gradient} computes it with
     * Mlp's methods: the prior's theta / tau^2, then each row's term (every row, or the
     * minibatch's rows from stream 1, N / n times) added in the rows' order; with psgld the rows'
     * sum apart in grad's second region, then added to the prior's. A diverged chain is left as it
     * is. words: four Philox words per work item.
     */
    public static void gradient(KernelContext context, float[] theta, float[] grad, IntArray status, FloatArray schedule,
                                IntArray launch, float[] p, float[] x, IntArray words) {
        float[] w = context.allocateFloatLocalArray(MAX_DIM);
        float[] sum = context.allocateFloatLocalArray(MAX_DIM);
        // each layer's outputs (activations, then the logits) and each layer's error
        float[] s = context.allocateFloatLocalArray(Mlp.SCRATCH);
        float[] e = context.allocateFloatLocalArray(Mlp.SCRATCH);
        int[] batchRows = context.allocateIntLocalArray(MAX_BATCH);
        int c = context.groupIdx;
        int t = context.localIdx;
        int size = context.localGroupSizeX;
        int chains = launch.get(CHAINS);
        // the same for every work item of the group, so no barrier is left half met
        if (c < chains && status.get(c) < 0) {
            int dims = launch.get(DIM);
            boolean separate = launch.get(RULE) == PSGLD;
            float precision = p[PRECISION];
            for (int j = t; j < dims; j += size) {
                float v = theta[j * chains + c];
                w[j] = v;
                sum[j] = separate ? 0f : precision * v;
            }
            int rows = launch.get(ROWS);
            int batch = launch.get(BATCH);
            int length = launch.get(ROW_LENGTH);
            float weight = 1f;
            int count = rows;
            if (batch > 0) {
                weight = schedule.get(4 * launch.get(LAUNCH_STEPS) + ModelKernel.WEIGHT);
                count = batch;
                int batchChain = launch.get(SHARED) == 1 ? 0 : launch.get(FIRST_CHAIN) + c;
                int base = 4 * (c * size + t);
                for (int q = t; q * 4 < batch; q += size) {
                    Kernels.philox(batchChain, launch.get(START), q, STREAM_MINIBATCH, launch.get(KEY0),
                            launch.get(KEY1), words, base);
                    for (int r = 0; r < 4 && q * 4 + r < batch; r++) {
                        batchRows[q * 4 + r] = Kernels.toIndex(words.get(base + r), rows);
                    }
                }
            }
            context.localBarrier();
            int layers = (int) p[LAYERS];
            int activation = (int) p[ACTIVATION];
            int k = (int) p[WIDTHS + layers];
            int z = (int) p[WIDTHS + 3 * layers];
            int labelAt = (int) p[WIDTHS];
            float gaussian = p[WIDTHS + 3 * layers + 1];
            for (int n = 0; n < count; n++) {
                int row = batch > 0 ? batchRows[n] : n;
                int r = row * length;
                float y = x[r + labelAt];
                int label = (int) y;
                // Mlp.forward, each layer's units shared out
                for (int l = 0; l < layers; l++) {
                    int in = (int) p[WIDTHS + l];
                    int out = (int) p[WIDTHS + l + 1];
                    int at = (int) p[WIDTHS + layers + 1 + l];
                    int bias = at + in * out;
                    int o = (int) p[WIDTHS + 2 * layers + 1 + l];
                    int previous = l == 0 ? 0 : (int) p[WIDTHS + 2 * layers + l];
                    for (int j = t; j < out; j += size) {
                        float v = w[bias + j];
                        for (int i = 0; i < in; i++) {
                            float a;
                            if (l == 0) {
                                a = x[r + i];
                            } else {
                                a = s[previous + i];
                            }
                            v += a * w[at + i * out + j];
                        }
                        if (l < layers - 1) {
                            if (activation == Mlp.TANH) {
                                v = (float) Math.tanh(v);
                            } else {
                                v = Math.max(v, 0f);
                            }
                        }
                        s[o + j] = v;
                    }
                    context.localBarrier();
                }
                // the output error, weight (softmax(z) - e_y); each work item finds the max and the sum itself;
                // for regression weight (z - y) / sigma^2
                if (gaussian > 0f) {
                    if (t == 0) {
                        e[z] = weight * (gaussian * (s[z] - y));
                    }
                } else {
                    for (int j = t; j < k; j += size) {
                        float max = s[z];
                        for (int q = 1; q < k; q++) {
                            max = Math.max(max, s[z + q]);
                        }
                        float total = 0f;
                        for (int q = 0; q < k; q++) {
                            total += (float) Math.exp(s[z + q] - max);
                        }
                        float ej = (float) Math.exp(s[z + j] - max);
                        e[z + j] = weight * (ej / total - (j == label ? 1f : 0f));
                    }
                }
                context.localBarrier();
                // Mlp.addRowGradient's backpropagation: the weights' gradient and the inputs' error shared out
                for (int l = layers - 1; l >= 0; l--) {
                    int in = (int) p[WIDTHS + l];
                    int out = (int) p[WIDTHS + l + 1];
                    int at = (int) p[WIDTHS + layers + 1 + l];
                    int bias = at + in * out;
                    int o = (int) p[WIDTHS + 2 * layers + 1 + l];
                    int previous = l == 0 ? 0 : (int) p[WIDTHS + 2 * layers + l];
                    for (int j = t; j < out; j += size) {
                        sum[bias + j] += e[o + j];
                    }
                    for (int q = t; q < in * out; q += size) {
                        int i = q / out;
                        float a;
                        if (l == 0) {
                            a = x[r + i];
                        } else {
                            a = s[previous + i];
                        }
                        sum[at + q] += a * e[o + q - i * out];
                    }
                    if (l > 0) {
                        for (int i = t; i < in; i += size) {
                            float a = s[previous + i];
                            float back = 0f;
                            for (int j = 0; j < out; j++) {
                                back += w[at + i * out + j] * e[o + j];
                            }
                            float slope;
                            if (activation == Mlp.TANH) {
                                slope = 1f - a * a;
                            } else {
                                slope = a > 0f ? 1f : 0f;
                            }
                            e[previous + i] = back * slope;
                        }
                    }
                    context.localBarrier();
                }
            }
            for (int j = t; j < dims; j += size) {
                int at = j * chains + c;
                if (separate) {
                    grad[dims * chains + at] = sum[j];
                    float prior = precision * w[j];
                    grad[at] = prior + sum[j];
                } else {
                    grad[at] = sum[j];
                }
            }
        }
    }

    /** {@link ModelKernel#advance}'s steps with the gradient {@link #gradient} left in grad. */
    public static void advance(float[] theta, float[] grad, float[] aux0, float[] aux1, IntArray status,
                               FloatArray draws, FloatArray schedule, IntArray launch, FloatArray normals,
                               IntArray words) {
        for (@Parallel int c = 0; c < launch.get(CHAINS); c++) {
            for (int i = 0; i < launch.get(FUSED); i++) {
                if (status.get(c) < 0) {
                    ModelRules.step(theta, grad, aux0, aux1, status, schedule, launch, normals, words, c, i);
                }
                ModelRules.keep(theta, draws, launch, c, i);
            }
        }
    }
}
