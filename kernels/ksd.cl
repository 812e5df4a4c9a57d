// dev.langevin.diagnostics.Ksd: the kernel Stein discrepancy's row sums, row i = sum over every k of
// k0(x_i, x_k) in the host's order, with the IMQ base kernel (c2 = c^2, beta). In double where the
// device has it (REAL_DOUBLE), else in float. Points and scores are n x d, point i at [i * d, (i + 1) * d).
#ifdef REAL_DOUBLE
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
typedef double real;
#else
typedef float real;
#endif

__kernel void ksd_rows(__global const real* x, __global const real* s, int n, int d, real c2, real beta,
                       __global real* rows) {
    int i = get_global_id(0);
    if (i >= n) {
        return;
    }
    int a = i * d;
    real sum = 0;
    for (int k = 0; k < n; k++) {
        int b = k * d;
        real r2 = 0;
        real ss = 0;
        real sr = 0;
        for (int j = 0; j < d; j++) {
            real r = x[a + j] - x[b + j];
            r2 += r * r;
            ss += s[a + j] * s[b + j];
            sr += (s[a + j] - s[b + j]) * r;
        }
        real u = c2 + r2;
        real base = pow(u, beta);
        real slope = base / u;
        sum += ss * base - 2 * beta * slope * sr - 2 * beta * d * slope - 4 * beta * (beta - 1) * r2 * slope / u;
    }
    rows[i] = sum;
}
