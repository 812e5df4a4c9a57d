// dev.langevin.target.LinearRegression (TARGET_LINEAR) / LogisticRegression (TARGET_LOGISTIC) with
// dev.langevin.algorithm.FullGradient or MinibatchGradient (rows drawn from stream 1);
// p = its parameters() (d, prior precision, noise precision), then N / n; with CONTROL_VARIATE also
// sum_i grad U_i at the mode (d) and each row's slope there (N)

// pSGLD's mean per-datum gradient, (g - grad U_prior) / N
#define MEAN_DATUM_GRADIENT(j, gj) (((gj) - X(j) * p[1]) / (float) ROWS)

inline float target_gradient(CHAIN_PARAMS, float* priorGradient) {
    float potential = 0.0f;
    float priorPrecision = p[1], noisePrecision = p[2], weight = p[3];
    for (int j = 0; j < DIM; j++) {
#ifdef CONTROL_VARIATE
        // dev.langevin.algorithm.ControlVariateGradient: plus sum_i grad U_i at the mode
        G(j) = fma(X(j), priorPrecision, p[4 + j]);
#else
        G(j) = X(j) * priorPrecision;
#endif
    }
#ifdef RULE_MALA
    // U summed with Kahan's compensation: a float sum over the rows would blur small differences of U
    float compensation = 0.0f;
    for (int j = 0; j < DIM; j++) {
        potential = fma(0.5f * priorPrecision * X(j), X(j), potential);
    }
#endif
#if BATCH == 0
    for (int n = 0; n < ROWS; n++) {
        int row = n;
#define FEATURE(j) features[row * COLS + (j)]
#define LABEL labels[row]
#define MODE_SLOPE p[4 + DIM + row]
#elif defined(STAGE_BATCH)
    for (int n = 0; n < BATCH; n++) {
#define FEATURE(j) stagedFeatures[n * COLS + (j)]
#define LABEL stagedLabels[n]
#define MODE_SLOPE p[4 + DIM + stagedRow[n]]
#else
    uint4 words = (uint4)(0u);
    for (int n = 0; n < BATCH; n++) {
#ifdef SHARED_BATCH
        if ((n & 3) == 0) {
            words = philox4x32_10((uint4)(0u, step, (uint) (n >> 2), STREAM_MINIBATCH), key0, key1);
        }
#else
        if ((n & 3) == 0) {
            words = philox4x32_10((uint4)(chain, step, (uint) (n >> 2), STREAM_MINIBATCH), key0, key1);
        }
#endif
        uint word = (n & 3) == 0 ? words.x : (n & 3) == 1 ? words.y : (n & 3) == 2 ? words.z : words.w;
        int row = (int) to_index(word, (uint) ROWS);
#define FEATURE(j) features[row * COLS + (j)]
#define LABEL labels[row]
#define MODE_SLOPE p[4 + DIM + row]
#endif
        float eta = X(0);
        for (int j = 0; j < COLS; j++) {
            eta = fma(X(j + 1), FEATURE(j), eta);
        }
#if defined(TARGET_LOGISTIC)
        float slope = 1.0f / (1.0f + exp(-eta)) - LABEL;
#else
        float slope = (eta - LABEL) * noisePrecision;
#endif
#ifdef CONTROL_VARIATE
        slope -= MODE_SLOPE;
#endif
        slope *= weight;
#ifdef RULE_MALA
        {
#if defined(TARGET_LOGISTIC)
            // softplus(eta) - y eta
            float term = (eta > 0.0f ? eta + log1p(exp(-eta)) : log1p(exp(eta))) - LABEL * eta;
#else
            float term = 0.5f * noisePrecision * (eta - LABEL) * (eta - LABEL);
#endif
            float adjusted = term - compensation;
            float sum = potential + adjusted;
            compensation = (sum - potential) - adjusted;
            potential = sum;
        }
#endif
        G(0) += slope;
        for (int j = 0; j < COLS; j++) {
            G(j + 1) = fma(FEATURE(j), slope, G(j + 1));
        }
    }
    return potential;
}
#undef FEATURE
#undef LABEL
#undef MODE_SLOPE
