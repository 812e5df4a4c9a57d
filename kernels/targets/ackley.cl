// dev.langevin.target.Ackley; p = its parameters() (d, a, b, c)
inline float target_gradient(CHAIN_PARAMS, float* priorGradient) {
    float potential = 0.0f;
    float a = p[1], b = p[2], cc = p[3];
    float squares = 0.0f, cosines = 0.0f;
    for (int j = 0; j < DIM; j++) {
        float xj = X(j);
        squares = fma(xj, xj, squares);
        cosines += cos(cc * xj);
    }
    float radius = sqrt(squares / DIM);
    float radial = radius == 0.0f ? 0.0f : a * b / DIM * exp(-b * radius) / radius;
    float ripple = cc / DIM * exp(cosines / DIM);
#ifdef RULE_MALA
    potential = -a * exp(-b * radius) - exp(cosines / DIM) + a + M_E_F;
#endif
    for (int j = 0; j < DIM; j++) {
        float xj = X(j);
        G(j) = sin(cc * xj) * ripple + xj * radial;
    }
    return potential;
}
