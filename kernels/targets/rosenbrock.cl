// dev.langevin.target.Rosenbrock, summed over consecutive pairs; p = its parameters() (d, a, b)
inline float target_gradient(CHAIN_PARAMS, float* priorGradient) {
    float potential = 0.0f;
    float a = p[1], b = p[2];
    float carried = 0.0f;
    for (int j = 0; j + 1 < DIM; j++) {
        float xj = X(j);
        float valley = X(j + 1) - xj * xj;
        G(j) = carried + (-4.0f * b * xj * valley - 2.0f * (a - xj));
        carried = 2.0f * b * valley;
#ifdef RULE_MALA
        potential += b * valley * valley + (a - xj) * (a - xj);
#endif
    }
    G(DIM - 1) = carried;
    return potential;
}
