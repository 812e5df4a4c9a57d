// The OpenCL C twin of Funnel.java: theta = (v, x_1, ..., x_{d-1}); p = (d)

float model_prior_potential(const float* theta, __global const float* p) {
    float v = theta[0];
    float squares = 0.0f;
    for (int i = 1; i < DIM; i++) {
        squares += theta[i] * theta[i];
    }
    return v * v / 18.0f + 0.5f * squares * exp(-v) + 0.5f * (DIM - 1) * v;
}

void model_prior_gradient(const float* theta, __global const float* p, float* grad) {
    float v = theta[0];
    float inverse = exp(-v);
    float squares = 0.0f;
    for (int i = 1; i < DIM; i++) {
        squares += theta[i] * theta[i];
        grad[i] = theta[i] * inverse;
    }
    grad[0] = v / 9.0f - 0.5f * squares * inverse + 0.5f * (DIM - 1);
}
