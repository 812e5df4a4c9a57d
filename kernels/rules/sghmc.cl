// dev.langevin.algorithm.Sghmc: a refresh draws v = eta / (2 - alpha) g + sqrt(2 eta T / (2 - alpha)) zeta,
// zeta from stream 3; then v = (1 - alpha) v - eta g + sqrt(2 (alpha - beta) eta T) xi and theta + v; M is v.
// From the host: SGHMC_KEEP = 1 - alpha, SGHMC_NOISE = sqrt(alpha - beta), SGHMC_SHARE = 1 / (2 - alpha),
// SGHMC_MOMENTUM = 1 / sqrt(2 - alpha), SGHMC_RESAMPLE (steps between refreshes, 0: only at step 0).
#define KEEPS_M 1

inline void rule_step(CHAIN_PARAMS, STEP_PARAMS) {
    target_gradient(CHAIN_ARGS, 0);
#if SGHMC_RESAMPLE > 0
    bool refresh = step == 0u || step % (uint) SGHMC_RESAMPLE == 0u;
#else
    bool refresh = step == 0u;
#endif
    if (refresh) {
        float momentumScale = scale * SGHMC_MOMENTUM;
        float drift = stepSize * SGHMC_SHARE;
        for (int q = 0; q * 4 < DIM; q++) {
            float4 zeta = normal_quad(chain, step, q, STREAM_MOMENTUM, key0, key1);
            float n4[4] = {zeta.x, zeta.y, zeta.z, zeta.w};
            for (int r = 0; r < 4 && q * 4 + r < DIM; r++) {
                int j = q * 4 + r;
                M(j) = fma(G(j), drift, n4[r] * momentumScale);
            }
        }
    }
    float noise = scale * SGHMC_NOISE;
    for (int q = 0; q * 4 < DIM; q++) {
        float4 xi = noise == 0.0f ? (float4)(0.0f) : normal_quad(chain, step, q, STREAM_LANGEVIN, key0, key1);
        float n4[4] = {xi.x, xi.y, xi.z, xi.w};
        for (int r = 0; r < 4 && q * 4 + r < DIM; r++) {
            int j = q * 4 + r;
            float v = fma(n4[r], noise, M(j) * SGHMC_KEEP - G(j) * stepSize);
            M(j) = v;
            X(j) += v;
        }
    }
}
