// One work item per chain advances it K fused steps (a launch): gradient, update, divergence
// check, kept draws. Compiled once per plan with -D options chosen by dev.langevin.engine.opencl:
//   DIM                 the dimension d
//   RULE_SGLD (also csgld: the host sets the noise scale to 0 in exploration stages) | RULE_SGD | RULE_ADAM
//     | RULE_PSGLD (PSGLD_ALPHA, PSGLD_KEEP = 1 - alpha, PSGLD_LAMBDA)
//     | RULE_SGHMC (SGHMC_KEEP = 1 - alpha, SGHMC_NOISE = sqrt(alpha - beta), SGHMC_SHARE = 1 / (2 - alpha),
//       SGHMC_MOMENTUM = 1 / sqrt(2 - alpha), SGHMC_RESAMPLE)
//     | RULE_MALA (two gradient and potential passes per step, accept/reject with stream 2)
//   TARGET_GAUSSIAN | TARGET_QUADRATIC | TARGET_CORRELATED | TARGET_ACKLEY | TARGET_ROSENBROCK
//     | TARGET_MIXTURE | TARGET_DOUBLE_WELL | TARGET_LINEAR | TARGET_LOGISTIC
//     | TARGET_MODEL (a model's own functions, spliced in before this file: ROWS, ROW_LENGTH, BATCH, MODEL_WEIGHT)
//   COMPONENTS          mixture components;  ROWS, COLS, BATCH (0: full gradient), SHARED_BATCH for regressions,
//   STAGE_BATCH         with SHARED_BATCH: the work-group copies each step's batch rows into local memory
//   CONTROL_VARIATE     sgld-cv: p also holds sum_i grad U_i at the mode (d) and each row's slope there (N);
//                       with TARGET_MODEL, labels holds that sum (d) and the mode (d)
// State layout is docs/DESIGN.md contract 1 (coordinate j of chain c at j * chains + c); when
// d is small a chain's state, gradient and moments are held in private memory for the launch.
// Needs philox.cl before it. Each block names its reference in dev.langevin.

#if DIM <= 32
#define PRIVATE_STATE 1
#endif

// auxiliary vector 0: Adam's m, pSGLD's V, SGHMC's momentum; MALA's saved state. Vector 1: Adam's v.
#if defined(RULE_ADAM) || defined(RULE_PSGLD) || defined(RULE_SGHMC) || defined(RULE_MALA)
#define HAS_M1 1
#endif
#if defined(RULE_ADAM)
#define HAS_M2 1
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
#define STREAM_METROPOLIS 2u
#define STREAM_MOMENTUM 3u
#define ADAM_BETA1 0.9f
#define ADAM_BETA2 0.999f
#define ADAM_EPSILON 1e-8f

// The normals of coordinates 4q .. 4q + 3 of a stream; the second Box-Muller pair only when coordinate 4q + 2 exists.
inline float4 normal_quad(uint chain, uint step, int q, uint stream, uint key0, uint key1) {
    uint4 w = philox4x32_10((uint4)(chain, step, (uint) q, stream), key0, key1);
    return q * 4 + 2 < DIM ? box_muller(w) : box_muller_first(w);
}

__kernel void advance(__global float* theta, __global float* grad, __global float* aux0, __global float* aux1,
                      __global int* divergedAt, __global float* draws,
                      __global const float* stepSizes, __global const float* noiseScales,
                      __global const float* firstCorrection, __global const float* secondCorrection,
                      __global const int* keptIndex, int start, int fused, int chains, int firstChain,
                      uint key0, uint key1, __global const float* p, __global const int* ip,
                      __global const float* features, __global const float* labels,
                      __global int* accepted, int countFrom) {
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
#ifdef HAS_M1
    float m1[DIM];
#endif
#ifdef HAS_M2
    float m2[DIM];
#endif
    for (int j = 0; j < DIM; j++) {
        // (an inactive work item reads chain 0's state and never writes it back)
        x[j] = theta[j * chains + c];
#if defined(HAS_M1) && !defined(RULE_MALA)
        m1[j] = aux0[j * chains + c];
#endif
#ifdef HAS_M2
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
#if defined(RULE_PSGLD) && defined(TARGET_MODEL) && ROWS > 0
            float priorGradient[DIM];
#endif
#ifdef RULE_MALA
            // dev.langevin.algorithm.Mala: pass 0 evaluates U and its gradient at theta and moves X to the
            // proposal (theta saved in M), pass 1 evaluates them at the proposal; then the test
            float current = 0.0f;
            float forward = 0.0f;
            float stepSize = stepSizes[i];
            float scale = noiseScales[i];
            for (int pass = 0; pass < 2; pass++) {
            float potential = 0.0f;
#endif
            // ---- gradient of U at X (and with RULE_MALA, U itself in potential) ----
#if defined(TARGET_GAUSSIAN)
            // dev.langevin.target.Gaussian: (x - mu) / sigma^2; p = mean[d], precision[d]
            for (int j = 0; j < DIM; j++) {
                G(j) = (X(j) - p[j]) * p[DIM + j];
#ifdef RULE_MALA
                potential = fma(0.5f * (X(j) - p[j]), G(j), potential);
#endif
            }
#elif defined(TARGET_QUADRATIC)
            // dev.langevin.target.Quadratic: curvature * x; p = curvatures[d]
            for (int j = 0; j < DIM; j++) {
                G(j) = X(j) * p[j];
#ifdef RULE_MALA
                potential = fma(0.5f * X(j), G(j), potential);
#endif
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
#ifdef RULE_MALA
                potential = fma(0.5f * (X(r) - p[r]), row, potential);
#endif
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
#ifdef RULE_MALA
                potential = -a * exp(-b * radius) - exp(cosines / DIM) + a + M_E_F;
#endif
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
#ifdef RULE_MALA
                    potential += b * valley * valley + (a - xj) * (a - xj);
#endif
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
#ifdef RULE_MALA
                potential = -logTotal;
#endif
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
#ifdef RULE_MALA
                potential += 0.25f * p[0] * fma(xj, xj, -1.0f) * fma(xj, xj, -1.0f);
#endif
            }
#elif defined(TARGET_LINEAR) || defined(TARGET_LOGISTIC)
            // dev.langevin.target.LinearRegression / LogisticRegression with
            // dev.langevin.algorithm.FullGradient or MinibatchGradient (rows drawn from stream 1);
            // p = prior precision, noise precision, N / n
            {
                float priorPrecision = p[0], noisePrecision = p[1], weight = p[2];
                for (int j = 0; j < DIM; j++) {
#ifdef CONTROL_VARIATE
                    // dev.langevin.algorithm.ControlVariateGradient: plus sum_i grad U_i at the mode
                    G(j) = fma(X(j), priorPrecision, p[3 + j]);
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
#define MODE_SLOPE p[3 + DIM + row]
#elif defined(STAGE_BATCH)
                for (int n = 0; n < BATCH; n++) {
#define FEATURE(j) stagedFeatures[n * COLS + (j)]
#define LABEL stagedLabels[n]
#define MODE_SLOPE p[3 + DIM + stagedRow[n]]
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
#define MODE_SLOPE p[3 + DIM + row]
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
            }
#elif defined(TARGET_MODEL)
            // a model of one's own (dev.langevin.model.Model, run by dev.langevin.model.ModelTarget on the JVM): its
            // functions in OpenCL C come before this file (kernels/README.md); p = the model's parameters, features =
            // its data, rows of ROW_LENGTH floats; MODEL_WEIGHT = N / n for minibatches
            {
                float mx[DIM];
                float mg[DIM];
                for (int j = 0; j < DIM; j++) {
                    mx[j] = X(j);
                }
                model_prior_gradient(mx, p, mg);
#if defined(RULE_PSGLD) && ROWS > 0
                for (int j = 0; j < DIM; j++) {
                    priorGradient[j] = mg[j];
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
            }
#else
#error "no target selected"
#endif
#ifdef RULE_MALA
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
#else
            // ---- update ----
            float stepSize = stepSizes[i];
#endif
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
#elif defined(RULE_PSGLD)
            // dev.langevin.algorithm.Psgld: V = alpha V + (1 - alpha) gbar^2, G = 1 / (lambda + sqrt(V c2)),
            // theta - eta G g + sqrt(2 eta T) sqrt(G) xi; gbar the mean per-datum gradient, (g - grad U_prior) / N
            // on the regressions and models with data rows and g elsewhere, c2 = 1 / (1 - alpha^(k+1)) from the host
            {
                float scale = noiseScales[i];
                float c2 = secondCorrection[i];
                for (int q = 0; q * 4 < DIM; q++) {
                    float4 xi = scale == 0.0f ? (float4)(0.0f) : normal_quad(chain, step, q, STREAM_LANGEVIN, key0, key1);
                    float n4[4] = {xi.x, xi.y, xi.z, xi.w};
                    for (int r = 0; r < 4 && q * 4 + r < DIM; r++) {
                        int j = q * 4 + r;
                        float gj = G(j);
#if defined(TARGET_LINEAR) || defined(TARGET_LOGISTIC)
                        float mean = (gj - X(j) * p[0]) / (float) ROWS;
#elif defined(TARGET_MODEL) && ROWS > 0
                        float mean = (gj - priorGradient[j]) * (1.0f / (float) ROWS);
#else
                        float mean = gj;
#endif
                        float average = fma(M(j), PSGLD_ALPHA, mean * mean * PSGLD_KEEP);
                        M(j) = average;
                        float preconditioner = 1.0f / (sqrt(average * c2) + PSGLD_LAMBDA);
                        X(j) = X(j) - preconditioner * gj * stepSize + n4[r] * sqrt(preconditioner) * scale;
                    }
                }
            }
#elif defined(RULE_SGHMC)
            // dev.langevin.algorithm.Sghmc: a refresh draws v = eta / (2 - alpha) g + sqrt(2 eta T / (2 - alpha)) zeta,
            // zeta from stream 3; then v = (1 - alpha) v - eta g + sqrt(2 (alpha - beta) eta T) xi and theta + v
            {
                float scale = noiseScales[i];
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
#elif defined(RULE_MALA)
            // (the test above has moved X)
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
#if defined(HAS_M1) && !defined(RULE_MALA)
        aux0[j * chains + c] = m1[j];
#endif
#ifdef HAS_M2
        aux1[j * chains + c] = m2[j];
#endif
    }
#endif
}
