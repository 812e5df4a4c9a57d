// dev.langevin.algorithm.Sgd: theta - eta grad
inline void rule_step(CHAIN_PARAMS, STEP_PARAMS) {
    target_gradient(CHAIN_ARGS, 0);
    for (int j = 0; j < DIM; j++) {
        X(j) = fma(G(j), -stepSize, X(j));
    }
}
