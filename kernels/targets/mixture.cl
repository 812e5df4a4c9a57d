// dev.langevin.target.Mixture (isotropic components); p = its parameters() (d, K, means[K], 1/sigma[K], log constants[K])
inline float target_gradient(CHAIN_PARAMS, float* priorGradient) {
    float potential = 0.0f;
    float logTerm[COMPONENTS];
    float top = -INFINITY;
    for (int k = 0; k < COMPONENTS; k++) {
        float squares = 0.0f;
        for (int j = 0; j < DIM; j++) {
            float z = (X(j) - p[2 + k]) * p[2 + COMPONENTS + k];
            squares = fma(z, z, squares);
        }
        logTerm[k] = -0.5f * squares + p[2 + 2 * COMPONENTS + k];
        top = fmax(top, logTerm[k]);
    }
    float total = 0.0f;
    for (int k = 0; k < COMPONENTS; k++) {
        total += exp(logTerm[k] - top);
    }
    float logTotal = log(total) + top;
#ifdef RULE_MALA
    potential = -logTotal;
#endif
    for (int k = 0; k < COMPONENTS; k++) {
        // responsibility r_k / s_k^2
        logTerm[k] = exp(logTerm[k] - logTotal) * p[2 + COMPONENTS + k] * p[2 + COMPONENTS + k];
    }
    for (int j = 0; j < DIM; j++) {
        float gj = 0.0f;
        for (int k = 0; k < COMPONENTS; k++) {
            gj = fma(X(j) - p[2 + k], logTerm[k], gj);
        }
        G(j) = gj;
    }
    return potential;
}
