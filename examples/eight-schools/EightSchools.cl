// The OpenCL C twin of EightSchools.java: theta = (mu, log_tau, theta_tilde[1..8]); rows (y_j, sigma_j)

float model_prior_potential(const float* theta, __global const float* p) {
    float mu = theta[0];
    float s = theta[1];
    float tau = exp(s);
    float u = mu * mu / 50.0f + log1p(tau * tau / 25.0f) - s;
    for (int j = 2; j < 10; j++) {
        u += 0.5f * theta[j] * theta[j];
    }
    return u;
}

void model_prior_gradient(const float* theta, __global const float* p, float* grad) {
    float tau2 = exp(2.0f * theta[1]) / 25.0f;
    grad[0] = theta[0] / 25.0f;
    grad[1] = 2.0f * tau2 / (1.0f + tau2) - 1.0f;
    for (int j = 2; j < 10; j++) {
        grad[j] = theta[j];
    }
}

float model_row_potential(const float* theta, __global const float* p, __global const float* x, int r) {
    int j = r / 2;
    float tau = exp(theta[1]);
    float z = (x[r] - theta[0] - tau * theta[2 + j]) / x[r + 1];
    return 0.5f * z * z;
}

void model_add_row_gradient(const float* theta, __global const float* p, __global const float* x, int r,
                            float weight, float* grad) {
    int j = r / 2;
    float tau = exp(theta[1]);
    float tilde = theta[2 + j];
    float slope = -weight * (x[r] - theta[0] - tau * tilde) / (x[r + 1] * x[r + 1]);
    grad[0] += slope;
    grad[1] += slope * tau * tilde;
    grad[2 + j] += slope * tau;
}
