// dev.langevin.target.StudentT: U = (nu + d) / 2 log(1 + |theta - mu|^2 / (nu sigma^2)); p = (nu, mu, sigma, d)

float model_prior_potential(const float* theta, __global const float* p) {
    float squares = 0.0f;
    for (int j = 0; j < DIM; j++) {
        float z = theta[j] - p[1];
        squares += z * z;
    }
    return 0.5f * (p[0] + DIM) * log1p(squares / (p[0] * p[2] * p[2]));
}

void model_prior_gradient(const float* theta, __global const float* p, float* grad) {
    float squares = 0.0f;
    for (int j = 0; j < DIM; j++) {
        float z = theta[j] - p[1];
        squares += z * z;
    }
    float factor = (p[0] + DIM) / (p[0] * p[2] * p[2] + squares);
    for (int j = 0; j < DIM; j++) {
        grad[j] = factor * (theta[j] - p[1]);
    }
}
