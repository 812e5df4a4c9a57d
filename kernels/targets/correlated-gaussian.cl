// dev.langevin.target.CorrelatedGaussian: P (x - mu), P sparse by rows; p = its parameters()
// (d, n, mean[d], values[n], rowStart[d + 1], columns[n]), the indices as floats (exact below 2^24)
inline float target_gradient(CHAIN_PARAMS, float* priorGradient) {
    float potential = 0.0f;
    int n = (int) p[1];
    __global const float* mean = p + 2;
    __global const float* values = mean + DIM;
    __global const float* rowStart = values + n;
    __global const float* columns = rowStart + DIM + 1;
    for (int r = 0; r < DIM; r++) {
        float row = 0.0f;
        for (int k = (int) rowStart[r]; k < (int) rowStart[r + 1]; k++) {
            int col = (int) columns[k];
            row = fma(values[k], X(col) - mean[col], row);
        }
        G(r) = row;
#ifdef RULE_MALA
        potential = fma(0.5f * (X(r) - mean[r]), row, potential);
#endif
    }
    return potential;
}
