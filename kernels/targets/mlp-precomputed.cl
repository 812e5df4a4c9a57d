// dev.langevin.target.Mlp when its gradient is computed before each step by the kernel mlp_gradient
// (kernels/mlp-group.cl, one work-group per chain) into G: the rule's call of target_gradient finds it
// there. For pSGLD it gives the prior's gradient, p[2] theta, as targets/model.cl does with mlp.cl.

#if ROWS > 0
#define PRIOR_GRADIENT 1
#define MEAN_DATUM_GRADIENT(j, gj) (((gj) - priorGradient[j]) * (1.0f / (float) ROWS))
#endif

inline float target_gradient(CHAIN_PARAMS, float* priorGradient) {
#if ROWS > 0
    if (priorGradient != 0) {
        for (int j = 0; j < DIM; j++) {
            priorGradient[j] = p[2] * X(j);
        }
    }
#endif
    return 0.0f;
}
