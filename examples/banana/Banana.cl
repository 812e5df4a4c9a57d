// The OpenCL C twin of Banana.java: p = (b)

float model_prior_potential(const float* theta, __global const float* p) {
    float x = theta[0], y = theta[1];
    return 0.5f * x * x + p[0] * (y - x * x) * (y - x * x);
}

void model_prior_gradient(const float* theta, __global const float* p, float* grad) {
    float x = theta[0], y = theta[1];
    float r = y - x * x;
    grad[0] = x - 4.0f * p[0] * r * x;
    grad[1] = 2.0f * p[0] * r;
}
