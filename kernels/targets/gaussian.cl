// dev.langevin.target.Gaussian: (x - mu) / sigma^2; p = its parameters() (d, mean[d], 1 / sigma^2 [d])
inline float target_gradient(CHAIN_PARAMS, float* priorGradient) {
    float potential = 0.0f;
    for (int j = 0; j < DIM; j++) {
        G(j) = (X(j) - p[1 + j]) * p[1 + DIM + j];
#ifdef RULE_MALA
        potential = fma(0.5f * (X(j) - p[1 + j]), G(j), potential);
#endif
    }
    return potential;
}
