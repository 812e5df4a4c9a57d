package dev.langevin.check;

import dev.langevin.engine.opencl.OpenCl;
import dev.langevin.engine.opencl.Programs;
import dev.langevin.rng.Noise;
import dev.langevin.rng.Philox;

import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

import java.util.SplittableRandom;

/**
 * Small kernels that measure an OpenCL device (kernels/probes.cl): memory bandwidth by a copy,
 * float and 32-bit integer operation rates, and the device's Philox words and normals against
 * the reference's (docs/DESIGN.md contract 2). Each timed probe repeats until it has run for
 * at least {@code minSeconds}.
 */
public final class DeviceProbes implements AutoCloseable {
    /** Integer operations per iteration and work item of the int32 probe. */
    static final int INT32_OPS_PER_ITERATION = 18;
    /** Float operations (fma) per iteration and work item of the fp32 probe. */
    static final int FP32_OPS_PER_ITERATION = 8;

    private final OpenCl.Device device;
    private final double minSeconds;
    private final cl_context context;
    private final cl_command_queue queue;
    private final cl_program program;

    /** Opens device {@code index}; timed probes run at least {@code minSeconds} each. */
    public DeviceProbes(int index, double minSeconds) {
        this.device = OpenCl.device(index);
        this.minSeconds = minSeconds;
        CL.setExceptionsEnabled(true);
        cl_context_properties properties = new cl_context_properties();
        properties.addProperty(CL.CL_CONTEXT_PLATFORM, device.platform());
        context = CL.clCreateContext(properties, 1, new cl_device_id[] {device.id()}, null, null, null);
        queue = CL.clCreateCommandQueueWithProperties(context, device.id(), null, null);
        program = Programs.build(context, device, OpenCl.source("philox.cl", "probes.cl"), "");
    }

    /** The device probed. */
    public OpenCl.Device device() {
        return device;
    }

    /**
     * Bytes per second moved by a copy of a buffer of about {@code bytes} (read once, written
     * once), limited to a quarter of the device's memory and its largest allocation.
     */
    public double copyBandwidth(long bytes) {
        long size = Math.min(bytes, Math.min(device.maxAllocation(), device.globalMemory() / 4));
        size = Math.max(16, size / 16 * 16);
        cl_mem src = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE, size, null, null);
        cl_mem dst = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE, size, null, null);
        cl_kernel kernel = CL.clCreateKernel(program, "copy", null);
        try {
            CL.clEnqueueFillBuffer(queue, src, Pointer.to(new float[] {1f}), Sizeof.cl_float, 0, size, 0, null, null);
            CL.clSetKernelArg(kernel, 0, Sizeof.cl_mem, Pointer.to(src));
            CL.clSetKernelArg(kernel, 1, Sizeof.cl_mem, Pointer.to(dst));
            long items = size / 16;
            double seconds = secondsPerLaunch(() -> CL.clEnqueueNDRangeKernel(queue, kernel, 1, null,
                    new long[] {items}, null, 0, null, null));
            return 2.0 * size / seconds;
        } finally {
            CL.clReleaseKernel(kernel);
            CL.clReleaseMemObject(src);
            CL.clReleaseMemObject(dst);
        }
    }

    /** Float operations per second (one fma counted as one operation). */
    public double fp32Rate() {
        return arithmetic("fp32", FP32_OPS_PER_ITERATION, new float[] {0.999f, 1e-3f}, null);
    }

    /** 32-bit integer operations per second in Philox's mix (mul_hi, multiplication, xor, addition). */
    public double int32Rate() {
        return arithmetic("int32", INT32_OPS_PER_ITERATION, null, new int[] {0x12345678, 0x9abcdef0});
    }

    private double arithmetic(String name, int opsPerIteration, float[] floats, int[] ints) {
        long items = Math.max(65536L, device.computeUnits() * 2048L);
        cl_mem out = CL.clCreateBuffer(context, CL.CL_MEM_WRITE_ONLY, 4 * items, null, null);
        cl_kernel kernel = CL.clCreateKernel(program, name, null);
        try {
            CL.clSetKernelArg(kernel, 0, Sizeof.cl_mem, Pointer.to(out));
            int iterations = 16;
            boolean warm = false; // the first launch may include the driver's compiling the kernel
            while (true) {
                CL.clSetKernelArg(kernel, 1, Sizeof.cl_int, Pointer.to(new int[] {iterations}));
                for (int i = 0; i < 2; i++) {
                    if (floats != null) {
                        CL.clSetKernelArg(kernel, 2 + i, Sizeof.cl_float, Pointer.to(new float[] {floats[i]}));
                    } else {
                        CL.clSetKernelArg(kernel, 2 + i, Sizeof.cl_uint, Pointer.to(new int[] {ints[i]}));
                    }
                }
                long start = System.nanoTime();
                CL.clEnqueueNDRangeKernel(queue, kernel, 1, null, new long[] {items}, null, 0, null, null);
                CL.clFinish(queue);
                double seconds = (System.nanoTime() - start) * 1e-9;
                // long enough that launch overhead does not count, and ramp-up (clocks) is behind
                if (warm && (seconds >= minSeconds || iterations >= (1 << 24))) {
                    return (double) items * iterations * opsPerIteration / seconds;
                }
                if (warm) {
                    iterations = (int) Math.min(1 << 24, Math.max(2L * iterations,
                            (long) Math.min(64.0 * iterations, iterations * 1.5 * minSeconds / Math.max(seconds, 1e-6))));
                }
                warm = true;
            }
        } finally {
            CL.clReleaseKernel(kernel);
            CL.clReleaseMemObject(out);
        }
    }

    /** Runs {@code launch} in batches (then finishes the queue) until a batch takes minSeconds; seconds per launch. */
    private double secondsPerLaunch(Runnable launch) {
        launch.run(); // warm-up
        CL.clFinish(queue);
        long batch = 1;
        while (true) {
            long start = System.nanoTime();
            for (long i = 0; i < batch; i++) {
                launch.run();
            }
            CL.clFinish(queue);
            double seconds = (System.nanoTime() - start) * 1e-9;
            if (seconds >= minSeconds || batch >= (1L << 20)) {
                return seconds / batch;
            }
            batch *= 2;
        }
    }

    /**
     * Philox words and normals of 4096 random addresses on the device against
     * {@link Philox#block} and {@link Noise#boxMuller}.
     *
     * @return the number of words that differ (must be 0), and the largest normal difference
     *         relative to max(1, |z|) (the engine's tested bound is 2e-6)
     */
    public NoiseCheck noise() {
        SplittableRandom random = new SplittableRandom(11);
        int n = 4096;
        int[] counters = new int[4 * n];
        for (int i = 0; i < n; i++) {
            counters[4 * i] = random.nextInt() & Integer.MAX_VALUE;
            counters[4 * i + 1] = random.nextInt(1 << 20);
            counters[4 * i + 2] = random.nextInt(1 << 10);
            counters[4 * i + 3] = random.nextInt(5);
        }
        long seed = random.nextLong();
        int[] words = new int[4 * n];
        float[] normals = new float[4 * n];
        cl_mem in = CL.clCreateBuffer(context, CL.CL_MEM_READ_ONLY | CL.CL_MEM_COPY_HOST_PTR, 16L * n,
                Pointer.to(counters), null);
        cl_mem out = CL.clCreateBuffer(context, CL.CL_MEM_WRITE_ONLY, 16L * n, null, null);
        try {
            run("philox_words", in, out, seed, n);
            CL.clEnqueueReadBuffer(queue, out, CL.CL_TRUE, 0, 16L * n, Pointer.to(words), 0, null, null);
            run("philox_normals", in, out, seed, n);
            CL.clEnqueueReadBuffer(queue, out, CL.CL_TRUE, 0, 16L * n, Pointer.to(normals), 0, null, null);
        } finally {
            CL.clReleaseMemObject(in);
            CL.clReleaseMemObject(out);
        }
        int[] expected = new int[4];
        float[] expectedNormals = new float[4];
        int wrongWords = 0;
        double worst = 0;
        for (int i = 0; i < n; i++) {
            Philox.block(counters[4 * i], counters[4 * i + 1], counters[4 * i + 2], counters[4 * i + 3], (int) seed,
                    (int) (seed >>> 32), expected);
            Noise.boxMuller(expected, expectedNormals);
            for (int lane = 0; lane < 4; lane++) {
                if (expected[lane] != words[4 * i + lane]) {
                    wrongWords++;
                }
                double difference = Math.abs(normals[4 * i + lane] - expectedNormals[lane])
                        / Math.max(1, Math.abs(expectedNormals[lane]));
                worst = Double.isNaN(difference) ? Double.POSITIVE_INFINITY : Math.max(worst, difference);
            }
        }
        return new NoiseCheck(4 * n, wrongWords, worst);
    }

    /**
     * @param words      Philox words compared
     * @param wrongWords words that differ from the reference's
     * @param worstNormal largest |device - reference| / max(1, |reference|) over the normals
     */
    public record NoiseCheck(int words, int wrongWords, double worstNormal) {
    }

    private void run(String name, cl_mem in, cl_mem out, long seed, int n) {
        cl_kernel kernel = CL.clCreateKernel(program, name, null);
        try {
            CL.clSetKernelArg(kernel, 0, Sizeof.cl_mem, Pointer.to(in));
            CL.clSetKernelArg(kernel, 1, Sizeof.cl_uint, Pointer.to(new int[] {(int) seed}));
            CL.clSetKernelArg(kernel, 2, Sizeof.cl_uint, Pointer.to(new int[] {(int) (seed >>> 32)}));
            CL.clSetKernelArg(kernel, 3, Sizeof.cl_mem, Pointer.to(out));
            CL.clEnqueueNDRangeKernel(queue, kernel, 1, null, new long[] {n}, null, 0, null, null);
            CL.clFinish(queue);
        } finally {
            CL.clReleaseKernel(kernel);
        }
    }

    @Override
    public void close() {
        CL.clReleaseProgram(program);
        CL.clReleaseCommandQueue(queue);
        CL.clReleaseContext(context);
    }
}
