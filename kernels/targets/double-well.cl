// dev.langevin.target.DoubleWell: 4 h x (x^2 - 1); p = its parameters() (d, 4 h)
inline float target_gradient(CHAIN_PARAMS, float* priorGradient) {
    float potential = 0.0f;
    for (int j = 0; j < DIM; j++) {
        float xj = X(j);
        G(j) = fma(xj, xj, -1.0f) * xj * p[1];
#ifdef RULE_MALA
        potential += 0.25f * p[1] * fma(xj, xj, -1.0f) * fma(xj, xj, -1.0f);
#endif
    }
    return potential;
}
