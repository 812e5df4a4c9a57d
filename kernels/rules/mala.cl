// dev.langevin.algorithm.Mala: pass 0 evaluates U and its gradient at theta and moves X to the
// proposal (theta saved in M), pass 1 evaluates them at the proposal; then the test, with stream 2.
// The targets compute U when RULE_MALA is defined.
inline void rule_step(CHAIN_PARAMS, STEP_PARAMS) {
    float current = 0.0f;
    float forward = 0.0f;
    for (int pass = 0; pass < 2; pass++) {
        float potential = target_gradient(CHAIN_ARGS, 0);
        if (pass == 0) {
            current = potential;
            for (int q = 0; q * 4 < DIM; q++) {
                float4 xi = normal_quad(chain, step, q, STREAM_LANGEVIN, key0, key1);
                float n4[4] = {xi.x, xi.y, xi.z, xi.w};
                for (int r = 0; r < 4 && q * 4 + r < DIM; r++) {
                    int j = q * 4 + r;
                    float y = fma(n4[r], scale, fma(G(j), -stepSize, X(j)));
                    float residual = fma(G(j), stepSize, y - X(j));
                    forward = fma(residual, residual, forward);
                    M(j) = X(j);
                    X(j) = y;
                }
            }
        } else {
            float backward = 0.0f;
            for (int j = 0; j < DIM; j++) {
                float residual = fma(G(j), stepSize, M(j) - X(j));
                backward = fma(residual, residual, backward);
            }
            // T = scale^2 / (2 eta): -(U' - U) / T + (forward - backward) / (4 eta T)
            float twiceVariance = scale * scale;
            float logAlpha = -(potential - current) * (2.0f * stepSize / twiceVariance)
                    + (forward - backward) / (2.0f * twiceVariance);
            uint4 w = philox4x32_10((uint4)(chain, step, 0u, STREAM_METROPOLIS), key0, key1);
            if (log_uniform(w.x) < logAlpha) {
                if ((int) step >= countFrom) {
                    accepted[c] += 1;
                }
            } else {
                for (int j = 0; j < DIM; j++) {
                    X(j) = M(j);
                }
            }
        }
    }
}
