// dev.langevin.target.CorrelatedGaussian: P (x - mu), P sparse by rows;
// p = mean[d], values[nnz]; ip = rowStart[d + 1], columns[nnz]
inline float target_gradient(CHAIN_PARAMS, float* priorGradient) {
    float potential = 0.0f;
    for (int r = 0; r < DIM; r++) {
        float row = 0.0f;
        for (int k = ip[r]; k < ip[r + 1]; k++) {
            int col = ip[DIM + 1 + k];
            row = fma(p[DIM + k], X(col) - p[col], row);
        }
        G(r) = row;
#ifdef RULE_MALA
        potential = fma(0.5f * (X(r) - p[r]), row, potential);
#endif
    }
    return potential;
}
