// One work item per chain advances it K fused steps (a launch): the rule's step (which evaluates the
// target's gradient), divergence check, kept draws. The host (dev.langevin.engine.opencl.OpenClEngine)
// compiles, once per plan, philox.cl, state.cl, a model's own functions (TARGET_MODEL), one file of
// targets/ (target_gradient), one of rules/ (rule_step) and this file, with -D options:
//   DIM                 the dimension d
//   RULE_SGLD (also csgld) | RULE_SGD | RULE_ADAM | RULE_PSGLD (PSGLD_ALPHA, PSGLD_KEEP, PSGLD_LAMBDA)
//     | RULE_SGHMC (SGHMC_KEEP, SGHMC_NOISE, SGHMC_SHARE, SGHMC_MOMENTUM, SGHMC_RESAMPLE)
//     | RULE_SGNHT (SGNHT_FRICTION, SGNHT_NOISE, SGNHT_MOMENTUM) | RULE_MALA
//   TARGET_GAUSSIAN | TARGET_QUADRATIC | TARGET_CORRELATED | TARGET_ACKLEY | TARGET_ROSENBROCK
//     | TARGET_MIXTURE | TARGET_DOUBLE_WELL | TARGET_LINEAR | TARGET_LOGISTIC
//     | TARGET_MODEL (ROWS, ROW_LENGTH, BATCH, MODEL_WEIGHT)
//   COMPONENTS          mixture components;  ROWS, COLS, BATCH (0: full gradient), SHARED_BATCH for regressions,
//   STAGE_BATCH         with SHARED_BATCH: the work-group copies each step's batch rows into local memory
//   CONTROL_VARIATE     sgld-cv: p also holds sum_i grad U_i at the mode (d) and each row's slope there (N);
//                       with TARGET_MODEL, labels holds that sum (d) and the mode (d)
// A rule's file defines KEEPS_M (KEEPS_V) when auxiliary vector 0 (1) carries over from step to step.
// A launch runs steps start .. start + fused - 1, whose step sizes, noise scales, corrections and kept-draw
// slots are entries first .. first + fused - 1 of the host's arrays (first > 0 when the host enqueues the
// steps of its arrays one at a time, as it does after kernels/mlp-group.cl's gradient).
// The arguments' names are the host's too: it binds them by name (OpenClEngine.ADVANCE_ARGUMENTS).

__kernel void advance(__global float* theta, __global float* grad, __global float* aux0, __global float* aux1,
                      __global float* scalars, __global int* divergedAt, __global float* draws,
                      __global const float* stepSizes, __global const float* noiseScales,
                      __global const float* stepFactors, __global const float* noiseFactors,
                      __global const float* firstCorrection, __global const float* secondCorrection,
                      __global const int* keptIndex, int first, int start, int fused, int chains, int firstChain,
                      uint key0, uint key1, __global const float* p,
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
    float factor = stepFactors[c];
    float rootFactor = noiseFactors[c];
#ifdef PRIVATE_STATE
    float x[DIM];
    float g[DIM];
    // (the compiler drops the auxiliary vectors that the rule does not use)
    float m1[DIM];
    float m2[DIM];
    for (int j = 0; j < DIM; j++) {
        // (an inactive work item reads chain 0's state and never writes it back)
        x[j] = theta[j * chains + c];
#ifdef KEEPS_M
        m1[j] = aux0[j * chains + c];
#endif
#ifdef KEEPS_V
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
            // the chain's factor f of the step size (dev.langevin.engine.StepGroups) and tau of the temperature
            // (dev.langevin.engine.ReplicaExchange), 1 without them: eta f, and the noise scale sqrt(2 eta f T tau)
            // with sqrt(f tau) from the host
            rule_step(CHAIN_ARGS, stepSizes[first + i] * factor, noiseScales[first + i] * rootFactor,
                      firstCorrection[first + i], secondCorrection[first + i], accepted, countFrom);
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
        int kept = keptIndex[first + i];
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
#ifdef KEEPS_M
        aux0[j * chains + c] = m1[j];
#endif
#ifdef KEEPS_V
        aux1[j * chains + c] = m2[j];
#endif
    }
#endif
}
