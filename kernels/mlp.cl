// dev.langevin.target.Mlp: softmax regression and the multilayer perceptron, U = |theta|^2 / (2 tau^2) + sum_i
// (log sum_k exp(z_k) - z_{y_i}), or for regression sum_i (z - y_i)^2 / (2 sigma^2); p = (L, activation (0 tanh,
// 1 relu), 1 / tau^2, d, widths[L + 1], theta offsets of W_l[L], scratch offsets of layer outputs[L], 0 for softmax
// or 1 / sigma^2); each row's layer outputs in a private array

#define MLP_SCRATCH 512
#define MLP_WIDTHS 4

float model_prior_potential(const float* theta, __global const float* p) {
    float squares = 0.0f;
    for (int j = 0; j < DIM; j++) {
        squares += theta[j] * theta[j];
    }
    return 0.5f * p[2] * squares;
}

void model_prior_gradient(const float* theta, __global const float* p, float* grad) {
    for (int j = 0; j < DIM; j++) {
        grad[j] = p[2] * theta[j];
    }
}

// every layer's outputs into s: the hidden layers' after the activation, the last layer's logits
void mlp_forward(const float* theta, __global const float* p, __global const float* x, int r, float* s) {
    int layers = (int) p[0];
    int activation = (int) p[1];
    for (int l = 0; l < layers; l++) {
        int in = (int) p[MLP_WIDTHS + l];
        int out = (int) p[MLP_WIDTHS + l + 1];
        int w = (int) p[MLP_WIDTHS + layers + 1 + l];
        int bias = w + in * out;
        int o = (int) p[MLP_WIDTHS + 2 * layers + 1 + l];
        int previous = l == 0 ? 0 : (int) p[MLP_WIDTHS + 2 * layers + l];
        for (int j = 0; j < out; j++) {
            s[o + j] = theta[bias + j];
        }
        for (int i = 0; i < in; i++) {
            float a = l == 0 ? x[r + i] : s[previous + i];
            int row = w + i * out;
            for (int j = 0; j < out; j++) {
                s[o + j] += a * theta[row + j];
            }
        }
        if (l < layers - 1) {
            for (int j = 0; j < out; j++) {
                float v = s[o + j];
                s[o + j] = activation == 0 ? tanh(v) : fmax(v, 0.0f);
            }
        }
    }
}

float model_row_potential(const float* theta, __global const float* p, __global const float* x, int r) {
    float s[MLP_SCRATCH];
    mlp_forward(theta, p, x, r, s);
    int layers = (int) p[0];
    int k = (int) p[MLP_WIDTHS + layers];
    int z = (int) p[MLP_WIDTHS + 3 * layers];
    float gaussian = p[MLP_WIDTHS + 3 * layers + 1];
    if (gaussian > 0.0f) {
        float residual = s[z] - x[r + (int) p[MLP_WIDTHS]];
        return 0.5f * gaussian * residual * residual;
    }
    int label = (int) x[r + (int) p[MLP_WIDTHS]];
    float m = s[z];
    for (int c = 1; c < k; c++) {
        m = fmax(m, s[z + c]);
    }
    float sum = 0.0f;
    for (int c = 0; c < k; c++) {
        sum += exp(s[z + c] - m);
    }
    return m + log(sum) - s[z + label];
}

// backpropagation: the output error softmax(z) - e_y (regression: (z - y) / sigma^2), then each layer's error over
// its activations in s
void model_add_row_gradient(const float* theta, __global const float* p, __global const float* x, int r,
                            float weight, float* grad) {
    float s[MLP_SCRATCH];
    mlp_forward(theta, p, x, r, s);
    int layers = (int) p[0];
    int activation = (int) p[1];
    int k = (int) p[MLP_WIDTHS + layers];
    int z = (int) p[MLP_WIDTHS + 3 * layers];
    float gaussian = p[MLP_WIDTHS + 3 * layers + 1];
    if (gaussian > 0.0f) {
        s[z] = weight * (gaussian * (s[z] - x[r + (int) p[MLP_WIDTHS]]));
    } else {
        int label = (int) x[r + (int) p[MLP_WIDTHS]];
        float m = s[z];
        for (int c = 1; c < k; c++) {
            m = fmax(m, s[z + c]);
        }
        float sum = 0.0f;
        for (int c = 0; c < k; c++) {
            float e = exp(s[z + c] - m);
            s[z + c] = e;
            sum += e;
        }
        for (int c = 0; c < k; c++) {
            s[z + c] = weight * (s[z + c] / sum - (c == label ? 1.0f : 0.0f));
        }
    }
    for (int l = layers - 1; l >= 0; l--) {
        int in = (int) p[MLP_WIDTHS + l];
        int out = (int) p[MLP_WIDTHS + l + 1];
        int w = (int) p[MLP_WIDTHS + layers + 1 + l];
        int bias = w + in * out;
        int o = (int) p[MLP_WIDTHS + 2 * layers + 1 + l];
        int previous = l == 0 ? 0 : (int) p[MLP_WIDTHS + 2 * layers + l];
        for (int j = 0; j < out; j++) {
            grad[bias + j] += s[o + j];
        }
        for (int i = 0; i < in; i++) {
            float a = l == 0 ? x[r + i] : s[previous + i];
            float back = 0.0f;
            int row = w + i * out;
            for (int j = 0; j < out; j++) {
                float delta = s[o + j];
                grad[row + j] += a * delta;
                back += theta[row + j] * delta;
            }
            if (l > 0) {
                s[previous + i] = back * (activation == 0 ? 1.0f - a * a : (a > 0.0f ? 1.0f : 0.0f));
            }
        }
    }
}
