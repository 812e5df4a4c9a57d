// Probes of a device for dev.langevin.check: its memory bandwidth and its 32-bit integer and
// float arithmetic rates, the ceilings the opencl engine's throughput is compared against.
// Needs philox.cl before it (for the constants).

// Memory bandwidth: each work item copies one float4; bytes moved = 2 x the buffer.
__kernel void copy(__global const float4* src, __global float4* dst) {
    size_t i = get_global_id(0);
    dst[i] = src[i];
}

// Float rate: 8 independent fma chains (enough independent work to hide latency); 8 fma per iteration.
__kernel void fp32(__global float* out, int iterations, float a, float b) {
    float x0 = (float) get_global_id(0) * 1e-9f;
    float x1 = x0 + 0.1f, x2 = x0 + 0.2f, x3 = x0 + 0.3f, x4 = x0 + 0.4f, x5 = x0 + 0.5f, x6 = x0 + 0.6f, x7 = x0 + 0.7f;
    for (int i = 0; i < iterations; i++) {
        x0 = fma(x0, a, b);
        x1 = fma(x1, a, b);
        x2 = fma(x2, a, b);
        x3 = fma(x3, a, b);
        x4 = fma(x4, a, b);
        x5 = fma(x5, a, b);
        x6 = fma(x6, a, b);
        x7 = fma(x7, a, b);
    }
    out[get_global_id(0)] = x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7;
}

// 32-bit integer rate in Philox's mix: per iteration and lane pair 2 mul_hi, 2 multiplications,
// 4 xor on each of 2 independent lane pairs, and 2 additions (the key bump): 18 operations.
__kernel void int32(__global uint* out, int iterations, uint k0, uint k1) {
    uint g = (uint) get_global_id(0);
    uint a0 = g, b0 = g ^ 0x5bd1e995u, c0 = g * 3u, d0 = g + 7u;
    uint a1 = g + 1u, b1 = g ^ 0x1b873593u, c1 = g * 5u, d1 = g + 11u;
    for (int i = 0; i < iterations; i++) {
        uint h0 = mul_hi(PHILOX_M0, a0), l0 = PHILOX_M0 * a0, h1 = mul_hi(PHILOX_M1, c0), m0 = PHILOX_M1 * c0;
        a0 = h1 ^ b0 ^ k0; b0 = m0; c0 = h0 ^ d0 ^ k1; d0 = l0;
        uint h2 = mul_hi(PHILOX_M0, a1), l1 = PHILOX_M0 * a1, h3 = mul_hi(PHILOX_M1, c1), m1 = PHILOX_M1 * c1;
        a1 = h3 ^ b1 ^ k0; b1 = m1; c1 = h2 ^ d1 ^ k1; d1 = l1;
        k0 += PHILOX_W0;
        k1 += PHILOX_W1;
    }
    out[g] = a0 ^ b0 ^ c0 ^ d0 ^ a1 ^ b1 ^ c1 ^ d1;
}
