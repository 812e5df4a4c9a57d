// One work item per chain advances it K fused steps (a launch): gradient, update, divergence
// check, kept draws. Compiled once per plan with -D options chosen by dev.langevin.engine.opencl:
//   DIM                 the dimension d
//   RULE_SGLD | RULE_SGD | RULE_ADAM
//   TARGET_GAUSSIAN | TARGET_QUADRATIC | TARGET_CORRELATED | TARGET_ACKLEY | TARGET_ROSENBROCK
//     | TARGET_MIXTURE | TARGET_DOUBLE_WELL | TARGET_LINEAR | TARGET_LOGISTIC
//   COMPONENTS          mixture components;  ROWS, COLS, BATCH (0: full gradient), SHARED_BATCH for regressions,
//   STAGE_BATCH         with SHARED_BATCH: the work-group copies each step's batch rows into local memory
// State layout is docs/DESIGN.md contract 1 (coordinate j of chain c at j * chains + c); when
// d is small a chain's state, gradient and moments are held in private memory for the launch.
// Needs philox.cl before it. Each block names its reference in dev.langevin.

#if DIM <= 32
#define PRIVATE_STATE 1
#endif

#ifdef PRIVATE_STATE
#define X(j) x[j]
#define G(j) g[j]
#define M(j) m1[j]
#define V(j) m2[j]
#else
#define X(j) theta[(j) * chains + c]
#define G(j) grad[(j) * chains + c]
#define M(j) aux0[(j) * chains + c]
#define V(j) aux1[(j) * chains + c]
#endif

#define STREAM_LANGEVIN 0u
#define STREAM_MINIBATCH 1u
#define ADAM_BETA1 0.9f
#define ADAM_BETA2 0.999f
#define ADAM_EPSILON 1e-8f

__kernel void advance(__global float* theta, __global float* grad, __global float* aux0, __global float* aux1,
                      __global int* divergedAt, __global float* draws,
                      __global const float* stepSizes, __global const float* noiseScales,
                      __global const float* firstCorrection, __global const float* secondCorrection,
                      __global const int* keptIndex, int start, int fused, int chains, int firstChain,
                      uint key0, uint key1, __global const float* p, __global const int* ip,
                      __global const float* features, __global const float* labels) {
#ifdef STAGE_BATCH
    __local int stagedRow[BATCH];
    __local float stagedFeatures[BATCH * COLS];
    __local float stagedLabels[BATCH];
#endif
    int c = get_global_id(0);
    // work items past the last chain stay to the end: they help stage batches and meet every barrier
    bool active = c < chains;
    if (!active) {
        c = 0;
    }
    uint chain = (uint) (firstChain + c);
    bool frozen = !active || divergedAt[c] >= 0;
#ifdef PRIVATE_STATE
    float x[DIM];
    float g[DIM];
#if defined(RULE_ADAM)
    float m1[DIM];
    float m2[DIM];
#endif
    for (int j = 0; j < DIM; j++) {
        // (an inactive work item reads chain 0's state and never writes it back)
        x[j] = theta[j * chains + c];
#if defined(RULE_ADAM)
        m1[j] = aux0[j * chains + c];
        m2[j] = aux1[j * chains + c];
#endif
    }
#endif
    for (int i = 0; i < fused; i++) {
        uint step = (uint) (start + i);
#ifdef STAGE_BATCH
        // the batch every chain shares at this step (stream 1 at chain 0), staged once per work-group
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int n = get_local_id(0); n < BATCH; n += get_local_size(0)) {
            uint4 w = philox4x32_10((uint4)(0u, step, (uint) (n >> 2), STREAM_MINIBATCH), key0, key1);
            uint word = (n & 3) == 0 ? w.x : (n & 3) == 1 ? w.y : (n & 3) == 2 ? w.z : w.w;
            stagedRow[n] = (int) to_index(word, (uint) ROWS);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int e = get_local_id(0); e < BATCH * COLS; e += get_local_size(0)) {
            int n = e / COLS;
            stagedFeatures[e] = features[stagedRow[n] * COLS + (e - n * COLS)];
        }
        for (int n = get_local_id(0); n < BATCH; n += get_local_size(0)) {
            stagedLabels[n] = labels[stagedRow[n]];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
#endif
        if (!frozen) {
            // ---- gradient of U at X ----
#if defined(TARGET_GAUSSIAN)
            // dev.langevin.target.Gaussian: (x - mu) / sigma^2; p = mean[d], precision[d]
            for (int j = 0; j < DIM; j++) {
                G(j) = (X(j) - p[j]) * p[DIM + j];
            }
#elif defined(TARGET_QUADRATIC)
            // dev.langevin.target.Quadratic: curvature * x; p = curvatures[d]
            for (int j = 0; j < DIM; j++) {
                G(j) = X(j) * p[j];
            }
#elif defined(TARGET_CORRELATED)
            // dev.langevin.target.CorrelatedGaussian: P (x - mu), P sparse by rows;
            // p = mean[d], values[nnz]; ip = rowStart[d + 1], columns[nnz]
            for (int r = 0; r < DIM; r++) {
                float row = 0.0f;
                for (int k = ip[r]; k < ip[r + 1]; k++) {
                    int col = ip[DIM + 1 + k];
                    row = fma(p[DIM + k], X(col) - p[col], row);
                }
                G(r) = row;
            }
#elif defined(TARGET_ACKLEY)
            // dev.langevin.target.Ackley; p = a, b, c
            {
                float a = p[0], b = p[1], cc = p[2];
                float squares = 0.0f, cosines = 0.0f;
                for (int j = 0; j < DIM; j++) {
                    float xj = X(j);
                    squares = fma(xj, xj, squares);
                    cosines += cos(cc * xj);
                }
                float radius = sqrt(squares / DIM);
                float radial = radius == 0.0f ? 0.0f : a * b / DIM * exp(-b * radius) / radius;
                float ripple = cc / DIM * exp(cosines / DIM);
                for (int j = 0; j < DIM; j++) {
                    float xj = X(j);
                    G(j) = sin(cc * xj) * ripple + xj * radial;
                }
            }
#elif defined(TARGET_ROSENBROCK)
            // dev.langevin.target.Rosenbrock, summed over consecutive pairs; p = a, b
            {
                float a = p[0], b = p[1];
                float carried = 0.0f;
                for (int j = 0; j + 1 < DIM; j++) {
                    float xj = X(j);
                    float valley = X(j + 1) - xj * xj;
                    G(j) = carried + (-4.0f * b * xj * valley - 2.0f * (a - xj));
                    carried = 2.0f * b * valley;
                }
                G(DIM - 1) = carried;
            }
#elif defined(TARGET_MIXTURE)
            // dev.langevin.target.Mixture (isotropic components); p = means[K], 1/sigma[K], log constants[K]
            {
                float logTerm[COMPONENTS];
                float top = -INFINITY;
                for (int k = 0; k < COMPONENTS; k++) {
                    float squares = 0.0f;
                    for (int j = 0; j < DIM; j++) {
                        float z = (X(j) - p[k]) * p[COMPONENTS + k];
                        squares = fma(z, z, squares);
                    }
                    logTerm[k] = -0.5f * squares + p[2 * COMPONENTS + k];
                    top = fmax(top, logTerm[k]);
                }
                float total = 0.0f;
                for (int k = 0; k < COMPONENTS; k++) {
                    total += exp(logTerm[k] - top);
                }
                float logTotal = log(total) + top;
                for (int k = 0; k < COMPONENTS; k++) {
                    // responsibility r_k / s_k^2
                    logTerm[k] = exp(logTerm[k] - logTotal) * p[COMPONENTS + k] * p[COMPONENTS + k];
                }
                for (int j = 0; j < DIM; j++) {
                    float gj = 0.0f;
                    for (int k = 0; k < COMPONENTS; k++) {
                        gj = fma(X(j) - p[k], logTerm[k], gj);
                    }
                    G(j) = gj;
                }
            }
#elif defined(TARGET_DOUBLE_WELL)
            // dev.langevin.target.DoubleWell: 4 h x (x^2 - 1); p = 4 h
            for (int j = 0; j < DIM; j++) {
                float xj = X(j);
                G(j) = fma(xj, xj, -1.0f) * xj * p[0];
            }
#elif defined(TARGET_LINEAR) || defined(TARGET_LOGISTIC)
            // dev.langevin.target.LinearRegression / LogisticRegression with
            // dev.langevin.algorithm.FullGradient or MinibatchGradient (rows drawn from stream 1);
            // p = prior precision, noise precision, N / n
            {
                float priorPrecision = p[0], noisePrecision = p[1], weight = p[2];
                for (int j = 0; j < DIM; j++) {
                    G(j) = X(j) * priorPrecision;
                }
#if BATCH == 0
                for (int n = 0; n < ROWS; n++) {
                    int row = n;
#define FEATURE(j) features[row * COLS + (j)]
#define LABEL labels[row]
#elif defined(STAGE_BATCH)
                for (int n = 0; n < BATCH; n++) {
#define FEATURE(j) stagedFeatures[n * COLS + (j)]
#define LABEL stagedLabels[n]
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
#endif
                    float eta = X(0);
                    for (int j = 0; j < COLS; j++) {
                        eta = fma(X(j + 1), FEATURE(j), eta);
                    }
#if defined(TARGET_LOGISTIC)
                    float slope = (1.0f / (1.0f + exp(-eta)) - LABEL) * weight;
#else
                    float slope = (eta - LABEL) * noisePrecision * weight;
#endif
                    G(0) += slope;
                    for (int j = 0; j < COLS; j++) {
                        G(j + 1) = fma(FEATURE(j), slope, G(j + 1));
                    }
                }
            }
#else
#error "no target selected"
#endif
            // ---- update ----
            float stepSize = stepSizes[i];
#if defined(RULE_SGLD)
            // dev.langevin.algorithm.Sgld: theta - eta grad + sqrt(2 eta T) xi, xi from stream 0
            float scale = noiseScales[i];
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
#elif defined(RULE_SGD)
            // dev.langevin.algorithm.Sgd: theta - eta grad
            for (int j = 0; j < DIM; j++) {
                X(j) = fma(G(j), -stepSize, X(j));
            }
#elif defined(RULE_ADAM)
            // dev.langevin.algorithm.Adam, bias corrections' reciprocals from the host
            {
                float c1 = firstCorrection[i], c2 = secondCorrection[i];
                for (int j = 0; j < DIM; j++) {
                    float gj = G(j);
                    float first = fma(M(j), ADAM_BETA1, gj * (1.0f - ADAM_BETA1));
                    float second = fma(V(j), ADAM_BETA2, gj * gj * (1.0f - ADAM_BETA2));
                    M(j) = first;
                    V(j) = second;
                    X(j) = X(j) - first * c1 / (sqrt(second * c2) + ADAM_EPSILON) * stepSize;
                }
            }
#else
#error "no update rule selected"
#endif
            // ---- divergence: docs/DESIGN.md contract 5, the chain is frozen from here on ----
            float probe = 0.0f;
            for (int j = 0; j < DIM; j++) {
                probe = fma(X(j), 0.0f, probe);
            }
            if (isnan(probe)) {
                divergedAt[c] = (int) step;
                frozen = true;
            }
        }
        int kept = keptIndex[i];
        if (kept >= 0 && active) {
            __global float* draw = draws + (size_t) kept * DIM * chains;
            for (int j = 0; j < DIM; j++) {
                draw[j * chains + c] = X(j);
            }
        }
    }
#ifdef PRIVATE_STATE
    for (int j = 0; j < DIM && active; j++) {
        theta[j * chains + c] = x[j];
#if defined(RULE_ADAM)
        aux0[j * chains + c] = m1[j];
        aux1[j * chains + c] = m2[j];
#endif
    }
#endif
}
