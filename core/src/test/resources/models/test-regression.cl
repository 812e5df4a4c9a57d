// dev.langevin.model.TestModels.Regression: rows (x_i, y_i); p = (prior precision, columns)

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

float residual(const float* theta, __global const float* p, __global const float* x, int r) {
    int columns = (int) p[1];
    float mean = theta[0];
    for (int c = 0; c < columns; c++) {
        mean += theta[c + 1] * x[r + c];
    }
    return x[r + columns] - mean;
}

float model_row_potential(const float* theta, __global const float* p, __global const float* x, int r) {
    float e = residual(theta, p, x, r);
    return 0.5f * e * e;
}

void model_add_row_gradient(const float* theta, __global const float* p, __global const float* x, int r,
                            float weight, float* grad) {
    int columns = (int) p[1];
    float slope = -weight * residual(theta, p, x, r);
    grad[0] += slope;
    for (int c = 0; c < columns; c++) {
        grad[c + 1] += slope * x[r + c];
    }
}
