// dev.langevin.algorithm.Psgld: V = alpha V + (1 - alpha) gbar^2, G = 1 / (lambda + sqrt(V c2)),
// theta - eta G g + sqrt(2 eta T) sqrt(G) xi; gbar the mean per-datum gradient, (g - grad U_prior) / N
// where the target defines MEAN_DATUM_GRADIENT (the regressions and models with data rows) and g
// elsewhere, c2 = 1 / (1 - alpha^(k+1)) from the host; M is V. PSGLD_ALPHA, PSGLD_KEEP = 1 - alpha,
// PSGLD_LAMBDA from the host.
#define KEEPS_M 1
#ifndef MEAN_DATUM_GRADIENT
#define MEAN_DATUM_GRADIENT(j, gj) (gj)
#endif

inline void rule_step(CHAIN_PARAMS, STEP_PARAMS) {
#ifdef PRIOR_GRADIENT
    // the target's grad U_prior at X, for MEAN_DATUM_GRADIENT
    float priorGradient[DIM];
    target_gradient(CHAIN_ARGS, priorGradient);
#else
    target_gradient(CHAIN_ARGS, 0);
#endif
    for (int q = 0; q * 4 < DIM; q++) {
        float4 xi = scale == 0.0f ? (float4)(0.0f) : normal_quad(chain, step, q, STREAM_LANGEVIN, key0, key1);
        float n4[4] = {xi.x, xi.y, xi.z, xi.w};
        for (int r = 0; r < 4 && q * 4 + r < DIM; r++) {
            int j = q * 4 + r;
            float gj = G(j);
            float mean = MEAN_DATUM_GRADIENT(j, gj);
            float average = fma(M(j), PSGLD_ALPHA, mean * mean * PSGLD_KEEP);
            M(j) = average;
            float preconditioner = 1.0f / (sqrt(average * c2) + PSGLD_LAMBDA);
            X(j) = X(j) - preconditioner * gj * stepSize + n4[r] * sqrt(preconditioner) * scale;
        }
    }
}
