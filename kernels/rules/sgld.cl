// dev.langevin.algorithm.Sgld: theta - eta grad + sqrt(2 eta T) xi, xi from stream 0 (also csgld:
// the host sets the noise scale to 0 in exploration stages)
inline void rule_step(CHAIN_PARAMS, STEP_PARAMS) {
    target_gradient(CHAIN_ARGS, 0);
    if (scale == 0.0f) {
        for (int j = 0; j < DIM; j++) {
            X(j) = fma(G(j), -stepSize, X(j));
        }
    } else {
        for (int q = 0; q * 4 < DIM; q++) {
            uint4 w = philox4x32_10((uint4)(chain, step, (uint) q, STREAM_LANGEVIN), key0, key1);
            // the second Box-Muller pair only when this quad has a third coordinate
            float4 xi = q * 4 + 2 < DIM ? box_muller(w) : box_muller_first(w);
            float n4[4] = {xi.x, xi.y, xi.z, xi.w};
            for (int r = 0; r < 4 && q * 4 + r < DIM; r++) {
                int j = q * 4 + r;
                X(j) = fma(n4[r], scale, fma(G(j), -stepSize, X(j)));
            }
        }
    }
}
