// dev.langevin.target.Gaussian: (x - mu) / sigma^2; p = mean[d], precision[d]
inline float target_gradient(CHAIN_PARAMS, float* priorGradient) {
    float potential = 0.0f;
    for (int j = 0; j < DIM; j++) {
        G(j) = (X(j) - p[j]) * p[DIM + j];
#ifdef RULE_MALA
        potential = fma(0.5f * (X(j) - p[j]), G(j), potential);
#endif
    }
    return potential;
}
