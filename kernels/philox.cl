// Philox4x32-10 and the noise addressing of docs/DESIGN.md contract 2.
// Reference: dev.langevin.rng.Philox (block function) and dev.langevin.rng.Noise (uniforms, Box-Muller).

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

// counter (ctr0 = chain, ctr1 = step, ctr2 = coordinate / 4, ctr3 = stream), key = the seed's two halves
inline uint4 philox4x32_10(uint4 c, uint k0, uint k1) {
    for (int round = 0; round < 10; round++) {
        if (round > 0) {
            k0 += PHILOX_W0;
            k1 += PHILOX_W1;
        }
        uint hi0 = mul_hi(PHILOX_M0, c.x);
        uint lo0 = PHILOX_M0 * c.x;
        uint hi1 = mul_hi(PHILOX_M1, c.z);
        uint lo1 = PHILOX_M1 * c.z;
        c = (uint4)(hi1 ^ c.y ^ k0, lo1, hi0 ^ c.w ^ k1, lo0);
    }
    return c;
}

// log(u) for u = ((x >> 8) + 0.5) * 2^-24. Above 1/2, (x >> 8) + 0.5 needs 25 bits but 1 - u
// is exact in float, so log1p(-(1 - u)) keeps the precision the double reference has.
inline float log_uniform(uint x) {
    uint m = x >> 8;
    if (m < 0x800000u) {
        return log(((float) m + 0.5f) * 0x1.0p-24f);
    }
    return log1p(-(((float) (0x1000000u - m) - 0.5f) * 0x1.0p-24f));
}

// (cos, sin) of 2 pi u for the same u, by symmetry from min(u, 1 - u), which is exact.
inline float2 cos_sin_uniform(uint x) {
    uint m = x >> 8;
    bool low = m < 0x800000u;
    float v = low ? ((float) m + 0.5f) * 0x1.0p-23f : ((float) (0x1000000u - m) - 0.5f) * 0x1.0p-23f;
    float s = sinpi(v);
    return (float2)(cospi(v), low ? s : -s);
}

// Box-Muller on the pairs (0, 1) and (2, 3) of a block: four standard normals.
inline float4 box_muller(uint4 w) {
    float r0 = sqrt(-2.0f * log_uniform(w.x));
    float r1 = sqrt(-2.0f * log_uniform(w.z));
    float2 a = cos_sin_uniform(w.y);
    float2 b = cos_sin_uniform(w.w);
    return (float4)(r0 * a.x, r0 * a.y, r1 * b.x, r1 * b.y);
}

// The first pair only (normals 0 and 1), for a quad whose coordinates 2 and 3 do not exist.
inline float4 box_muller_first(uint4 w) {
    float r0 = sqrt(-2.0f * log_uniform(w.x));
    float2 a = cos_sin_uniform(w.y);
    return (float4)(r0 * a.x, r0 * a.y, 0.0f, 0.0f);
}

// An index uniform on {0, ..., n - 1}: (x * n) >>> 32, as Noise.toIndex.
inline uint to_index(uint x, uint n) {
    return mul_hi(x, n);
}

// The raw words of addresses, for the equivalence tests: out[4 * i + lane] for address i.
__kernel void philox_words(__global const uint4* counters, uint key0, uint key1, __global uint4* out) {
    size_t i = get_global_id(0);
    out[i] = philox4x32_10(counters[i], key0, key1);
}

// The normals of the same addresses.
__kernel void philox_normals(__global const uint4* counters, uint key0, uint key1, __global float4* out) {
    size_t i = get_global_id(0);
    out[i] = box_muller(philox4x32_10(counters[i], key0, key1));
}
