// dev.langevin.algorithm.Sgnht: before step 0, v = sqrt(eta T) zeta (stream 3) and xi = a; then
// v = v - xi v - eta g + sqrt(2 a eta T) xi', theta + v, xi + (|v|^2 / d - eta T); M is v, S(0) the thermostat xi.
// From the host: SGNHT_FRICTION = a, SGNHT_NOISE = sqrt(a), SGNHT_MOMENTUM = 1 / sqrt(2); scale = sqrt(2 eta T).
#define KEEPS_M 1

inline void rule_step(CHAIN_PARAMS, STEP_PARAMS) {
    target_gradient(CHAIN_ARGS, 0);
    if (step == 0u) {
        float momentumScale = scale * SGNHT_MOMENTUM;
        for (int q = 0; q * 4 < DIM; q++) {
            float4 zeta = normal_quad(chain, step, q, STREAM_MOMENTUM, key0, key1);
            float n4[4] = {zeta.x, zeta.y, zeta.z, zeta.w};
            for (int r = 0; r < 4 && q * 4 + r < DIM; r++) {
                M(q * 4 + r) = n4[r] * momentumScale;
            }
        }
        S(0) = SGNHT_FRICTION;
    }
    float xi = S(0);
    float keep = 1.0f - xi;
    float noise = scale * SGNHT_NOISE;
    float kinetic = 0.0f;
    for (int q = 0; q * 4 < DIM; q++) {
        float4 z = noise == 0.0f ? (float4)(0.0f) : normal_quad(chain, step, q, STREAM_LANGEVIN, key0, key1);
        float n4[4] = {z.x, z.y, z.z, z.w};
        for (int r = 0; r < 4 && q * 4 + r < DIM; r++) {
            int j = q * 4 + r;
            float v = fma(n4[r], noise, M(j) * keep - G(j) * stepSize);
            M(j) = v;
            kinetic = fma(v, v, kinetic);
            X(j) += v;
        }
    }
    S(0) = xi + (kinetic / DIM - scale * scale * 0.5f);
}
