// a model of one's own (dev.langevin.model.Model, run by dev.langevin.model.ModelTarget on the JVM): its
// functions in OpenCL C come before this file (kernels/README.md); p = the model's parameters, features =
// its data, rows of ROW_LENGTH floats; MODEL_WEIGHT = N / n for minibatches

#if ROWS > 0
// pSGLD's mean per-datum gradient, (g - grad U_prior) / N, with grad U_prior kept in priorGradient
#define PRIOR_GRADIENT 1
#define MEAN_DATUM_GRADIENT(j, gj) (((gj) - priorGradient[j]) * (1.0f / (float) ROWS))
#endif

inline float target_gradient(CHAIN_PARAMS, float* priorGradient) {
    float potential = 0.0f;
    float mx[DIM];
    float mg[DIM];
    for (int j = 0; j < DIM; j++) {
        mx[j] = X(j);
    }
    model_prior_gradient(mx, p, mg);
#if ROWS > 0
    if (priorGradient != 0) {
        for (int j = 0; j < DIM; j++) {
            priorGradient[j] = mg[j];
        }
    }
#endif
#ifdef CONTROL_VARIATE
    // dev.langevin.algorithm.ControlVariateGradient: plus sum_i grad U_i at the mode (labels[0, d)); each
    // batch row's gradient at the mode (labels[d, 2d)) is subtracted below
    float mode[DIM];
    for (int j = 0; j < DIM; j++) {
        mg[j] += labels[j];
        mode[j] = labels[DIM + j];
    }
#endif
#ifdef RULE_MALA
    potential = model_prior_potential(mx, p);
    float compensation = 0.0f;
#endif
#if ROWS > 0
#if BATCH == 0
    for (int n = 0; n < ROWS; n++) {
        int row = n;
        float weight = 1.0f;
#else
    uint4 words = (uint4)(0u);
    float weight = MODEL_WEIGHT;
    for (int n = 0; n < BATCH; n++) {
        if ((n & 3) == 0) {
#ifdef SHARED_BATCH
            words = philox4x32_10((uint4)(0u, step, (uint) (n >> 2), STREAM_MINIBATCH), key0, key1);
#else
            words = philox4x32_10((uint4)(chain, step, (uint) (n >> 2), STREAM_MINIBATCH), key0, key1);
#endif
        }
        uint word = (n & 3) == 0 ? words.x : (n & 3) == 1 ? words.y : (n & 3) == 2 ? words.z : words.w;
        int row = (int) to_index(word, (uint) ROWS);
#endif
        model_add_row_gradient(mx, p, features, row * ROW_LENGTH, weight, mg);
#ifdef CONTROL_VARIATE
        model_add_row_gradient(mode, p, features, row * ROW_LENGTH, -weight, mg);
#endif
#ifdef RULE_MALA
        {
            // summed with Kahan's compensation, as the reference sums the row terms in double
            float adjusted = model_row_potential(mx, p, features, row * ROW_LENGTH) - compensation;
            float sum = potential + adjusted;
            compensation = (sum - potential) - adjusted;
            potential = sum;
        }
#endif
    }
#endif
    for (int j = 0; j < DIM; j++) {
        G(j) = mg[j];
    }
    return potential;
}
