// dev.langevin.target.Quadratic: curvature * x; p = its parameters() (d, curvatures[d])
inline float target_gradient(CHAIN_PARAMS, float* priorGradient) {
    float potential = 0.0f;
    for (int j = 0; j < DIM; j++) {
        G(j) = X(j) * p[1 + j];
#ifdef RULE_MALA
        potential = fma(0.5f * X(j), G(j), potential);
#endif
    }
    return potential;
}
