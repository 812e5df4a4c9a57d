// The OpenCL C twin of PoissonRegression.java: rows (x_1..x_k, y); p = (1 / s^2, k)

float model_prior_potential(const float* theta, __global const float* p) {
    float sum = 0.0f;
    for (int j = 0; j <= (int) p[1]; j++) {
        sum += theta[j] * theta[j];
    }
    return 0.5f * p[0] * sum;
}

void model_prior_gradient(const float* theta, __global const float* p, float* grad) {
    for (int j = 0; j <= (int) p[1]; j++) {
        grad[j] = p[0] * theta[j];
    }
}

float poisson_eta(const float* theta, __global const float* p, __global const float* x, int r) {
    float eta = theta[0];
    for (int c = 0; c < (int) p[1]; c++) {
        eta += theta[c + 1] * x[r + c];
    }
    return eta;
}

float model_row_potential(const float* theta, __global const float* p, __global const float* x, int r) {
    float eta = poisson_eta(theta, p, x, r);
    return exp(eta) - x[r + (int) p[1]] * eta;
}

void model_add_row_gradient(const float* theta, __global const float* p, __global const float* x, int r,
                            float weight, float* grad) {
    int k = (int) p[1];
    float slope = weight * (exp(poisson_eta(theta, p, x, r)) - x[r + k]);
    grad[0] += slope;
    for (int c = 0; c < k; c++) {
        grad[c + 1] += slope * x[r + c];
    }
}
