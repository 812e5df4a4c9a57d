// dev.langevin.algorithm.Adam, bias corrections' reciprocals c1, c2 from the host; M is m, V is v
#define KEEPS_M 1
#define KEEPS_V 1
#define ADAM_BETA1 0.9f
#define ADAM_BETA2 0.999f
#define ADAM_EPSILON 1e-8f

inline void rule_step(CHAIN_PARAMS, STEP_PARAMS) {
    target_gradient(CHAIN_ARGS, 0);
    for (int j = 0; j < DIM; j++) {
        float gj = G(j);
        float first = fma(M(j), ADAM_BETA1, gj * (1.0f - ADAM_BETA1));
        float second = fma(V(j), ADAM_BETA2, gj * gj * (1.0f - ADAM_BETA2));
        M(j) = first;
        V(j) = second;
        X(j) = X(j) - first * c1 / (sqrt(second * c2) + ADAM_EPSILON) * stepSize;
    }
}
