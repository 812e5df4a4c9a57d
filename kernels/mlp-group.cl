// dev.langevin.target.Mlp's gradient with one work-group per chain: the chain's theta and gradient in
// local memory, each layer's units (forward), weights (their gradient) and inputs (the error sent back)
// shared out among the group's work items, the rows of the batch one after another. It writes G for
// the step's kernel advance, which runs next with targets/mlp-precomputed.cl. The same sums in the same
// order as mlp.cl with model.cl, which computes the gradient one work item per chain.
// Needs philox.cl and state.cl before it, and -D MLP_GROUP_SCRATCH (the hidden widths plus K).
// The arguments' names are the host's: it binds them by name (OpenClEngine.MLP_GRADIENT_ARGUMENTS).

#define MLP_WIDTHS 4

__kernel void mlp_gradient(__global const float* theta, __global float* grad, __global const int* divergedAt,
                           int stepNumber, int chains, int firstChain, uint key0, uint key1,
                           __global const float* p, __global const float* features) {
    __local float w[DIM];
    __local float sum[DIM];
    __local float s[MLP_GROUP_SCRATCH]; // each layer's outputs: activations, then the logits
    __local float e[MLP_GROUP_SCRATCH]; // each layer's error
#if BATCH > 0
    __local int batchRows[BATCH];
#endif
    int c = get_group_id(0);
    int t = get_local_id(0);
    int size = get_local_size(0);
    // the same for every work item of the group, so no barrier is left half met
    if (c >= chains || divergedAt[c] >= 0) {
        return;
    }
    uint chain = (uint) (firstChain + c);
    for (int j = t; j < DIM; j += size) {
        float x = theta[j * chains + c];
        w[j] = x;
        sum[j] = p[2] * x;
    }
#if BATCH > 0
    float weight = MODEL_WEIGHT;
    int count = BATCH;
    for (int n = t; n < BATCH; n += size) {
#ifdef SHARED_BATCH
        uint4 words = philox4x32_10((uint4)(0u, (uint) stepNumber, (uint) (n >> 2), STREAM_MINIBATCH), key0, key1);
#else
        uint4 words = philox4x32_10((uint4)(chain, (uint) stepNumber, (uint) (n >> 2), STREAM_MINIBATCH), key0, key1);
#endif
        uint word = (n & 3) == 0 ? words.x : (n & 3) == 1 ? words.y : (n & 3) == 2 ? words.z : words.w;
        batchRows[n] = (int) to_index(word, (uint) ROWS);
    }
#else
    float weight = 1.0f;
    int count = ROWS;
#endif
    barrier(CLK_LOCAL_MEM_FENCE);
    int layers = (int) p[0];
    int activation = (int) p[1];
    int k = (int) p[MLP_WIDTHS + layers];
    int z = (int) p[MLP_WIDTHS + 3 * layers];
    for (int n = 0; n < count; n++) {
#if BATCH > 0
        __global const float* x = features + batchRows[n] * ROW_LENGTH;
#else
        __global const float* x = features + n * ROW_LENGTH;
#endif
        float label = x[(int) p[MLP_WIDTHS]];
        float gaussian = p[MLP_WIDTHS + 3 * layers + 1];
        for (int l = 0; l < layers; l++) {
            int in = (int) p[MLP_WIDTHS + l];
            int out = (int) p[MLP_WIDTHS + l + 1];
            int at = (int) p[MLP_WIDTHS + layers + 1 + l];
            int bias = at + in * out;
            int o = (int) p[MLP_WIDTHS + 2 * layers + 1 + l];
            int previous = l == 0 ? 0 : (int) p[MLP_WIDTHS + 2 * layers + l];
            for (int j = t; j < out; j += size) {
                float v = w[bias + j];
                for (int i = 0; i < in; i++) {
                    float a = l == 0 ? x[i] : s[previous + i];
                    v += a * w[at + i * out + j];
                }
                if (l < layers - 1) {
                    v = activation == 0 ? tanh(v) : fmax(v, 0.0f);
                }
                s[o + j] = v;
            }
            barrier(CLK_LOCAL_MEM_FENCE);
        }
        // the output error, weight (softmax(z) - e_y); each work item finds the max and the sum itself; for
        // regression weight (z - y) / sigma^2
        if (gaussian > 0.0f && t == 0) {
            e[z] = weight * (gaussian * (s[z] - label));
        }
        for (int j = t; gaussian == 0.0f && j < k; j += size) {
            float m = s[z];
            for (int q = 1; q < k; q++) {
                m = fmax(m, s[z + q]);
            }
            float total = 0.0f;
            for (int q = 0; q < k; q++) {
                total += exp(s[z + q] - m);
            }
            e[z + j] = weight * (exp(s[z + j] - m) / total - (j == (int) label ? 1.0f : 0.0f));
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int l = layers - 1; l >= 0; l--) {
            int in = (int) p[MLP_WIDTHS + l];
            int out = (int) p[MLP_WIDTHS + l + 1];
            int at = (int) p[MLP_WIDTHS + layers + 1 + l];
            int bias = at + in * out;
            int o = (int) p[MLP_WIDTHS + 2 * layers + 1 + l];
            int previous = l == 0 ? 0 : (int) p[MLP_WIDTHS + 2 * layers + l];
            for (int j = t; j < out; j += size) {
                sum[bias + j] += e[o + j];
            }
            for (int q = t; q < in * out; q += size) {
                int i = q / out;
                float a = l == 0 ? x[i] : s[previous + i];
                sum[at + q] += a * e[o + q - i * out];
            }
            if (l > 0) {
                for (int i = t; i < in; i += size) {
                    float a = s[previous + i];
                    float back = 0.0f;
                    for (int j = 0; j < out; j++) {
                        back += w[at + i * out + j] * e[o + j];
                    }
                    e[previous + i] = back * (activation == 0 ? 1.0f - a * a : (a > 0.0f ? 1.0f : 0.0f));
                }
            }
            barrier(CLK_LOCAL_MEM_FENCE);
        }
    }
    for (int j = t; j < DIM; j += size) {
        grad[j * chains + c] = sum[j];
    }
}
