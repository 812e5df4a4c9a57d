// What the kernel advance (langevin.cl) shares with the targets' files (targets/) and the rules'
// (rules/): the chain's vectors, named X(j), G(j), M(j) and V(j) wherever they are held; the
// parameter lists of the functions those files define; the numbers of the noise streams.
// State layout is docs/DESIGN.md contract 1 (coordinate j of chain c at j * chains + c); when
// d is small a chain's state, gradient and moments are held in private memory for the launch.
// Needs philox.cl before it.

#if DIM <= 32
#define PRIVATE_STATE 1
#endif

// S(k) the chain's scalar k (SGNHT's thermostat), in global memory, row k of the launch's chains.
#define S(k) scalars[(k) * chains + c]

// X the state, G the gradient at X, M auxiliary vector 0 (Adam's m, pSGLD's V, SGHMC's momentum;
// MALA's saved state), V auxiliary vector 1 (Adam's v); held in the private arrays x, g, m1, m2
// or in the global vectors theta, grad, aux0, aux1 at column c of the launch's chains.
#ifdef PRIVATE_STATE
#define X(j) x[j]
#define G(j) g[j]
#define M(j) m1[j]
#define V(j) m2[j]
#define STATE_PARAMS float* x, float* g, float* m1, float* m2, __global float* scalars
#define STATE_ARGS x, g, m1, m2, scalars
#else
#define X(j) theta[(j) * chains + c]
#define G(j) grad[(j) * chains + c]
#define M(j) aux0[(j) * chains + c]
#define V(j) aux1[(j) * chains + c]
#define STATE_PARAMS __global float* theta, __global float* grad, __global float* aux0, __global float* aux1, \
        __global float* scalars
#define STATE_ARGS theta, grad, aux0, aux1, scalars
#endif

#ifdef STAGE_BATCH
#define STAGED_PARAMS , __local int* stagedRow, __local float* stagedFeatures, __local float* stagedLabels
#define STAGED_ARGS , stagedRow, stagedFeatures, stagedLabels
#else
#define STAGED_PARAMS
#define STAGED_ARGS
#endif

// What the kernel gives a target's target_gradient and a rule's rule_step: the chain's vectors; the
// launch's chains, this chain's column c and its number; the step and the seed (the address of the
// step's noise); the target's parameters p (its model's parameters()); the data's features and labels;
// with STAGE_BATCH the step's shared batch rows, staged in local memory.
#define CHAIN_PARAMS STATE_PARAMS, int chains, int c, uint chain, uint step, uint key0, uint key1, \
        __global const float* p, __global const float* features, \
        __global const float* labels STAGED_PARAMS
#define CHAIN_ARGS STATE_ARGS, chains, c, chain, step, key0, key1, p, features, labels STAGED_ARGS

// What a rule's rule_step is given besides, from the host (docs/DESIGN.md contract 3): this step's
// size eta, noise scale sqrt(2 eta T) and bias corrections' reciprocals c1 and c2; and the chains'
// counts of accepted proposals, counted from step countFrom.
#define STEP_PARAMS float stepSize, float scale, float c1, float c2, __global int* accepted, int countFrom

#define STREAM_LANGEVIN 0u
#define STREAM_MINIBATCH 1u
#define STREAM_METROPOLIS 2u
#define STREAM_MOMENTUM 3u

// The normals of coordinates 4q .. 4q + 3 of a stream; the second Box-Muller pair only when coordinate 4q + 2 exists.
inline float4 normal_quad(uint chain, uint step, int q, uint stream, uint key0, uint key1) {
    uint4 w = philox4x32_10((uint4)(chain, step, (uint) q, stream), key0, key1);
    return q * 4 + 2 < DIM ? box_muller(w) : box_muller_first(w);
}
