package dev.langevin.engine.opencl;

import dev.langevin.diagnostics.Ksd;

import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

import java.nio.charset.StandardCharsets;

/**
 * The kernel Stein discrepancy on an OpenCL device (kernels/ksd.cl): one work item per point sums
 * its row of k0 over every point, in double where the device has cl_khr_fp64 (then within rounding
 * of {@link Ksd#of(double[], double[], int, int, double, double)}, which the host computes), else
 * in float; the host adds the rows in order.
 */
public final class OpenClKsd {
    private OpenClKsd() {
    }

    /** Whether the device computes in double. */
    static boolean doubles(OpenCl.Device device) {
        long[] size = new long[1];
        CL.clGetDeviceInfo(device.id(), CL.CL_DEVICE_EXTENSIONS, 0, null, size);
        byte[] text = new byte[(int) size[0]];
        CL.clGetDeviceInfo(device.id(), CL.CL_DEVICE_EXTENSIONS, text.length, Pointer.to(text), null);
        return new String(text, StandardCharsets.US_ASCII).contains("cl_khr_fp64");
    }

    /**
     * KSD of n points of dimension d with their scores, on device {@code index}.
     *
     * @see Ksd#of(double[], double[], int, int, double, double)
     */
    public static Ksd of(int index, double[] x, double[] scores, int n, int d, double c, double beta) {
        OpenCl.Device device = OpenCl.device(index);
        boolean doubles = doubles(device);
        cl_context context = Programs.context(device);
        cl_program program = Programs.cached(device, OpenCl.source("ksd.cl"), doubles ? "-D REAL_DOUBLE" : "");
        cl_command_queue queue = CL.clCreateCommandQueueWithProperties(context, device.id(), null, null);
        cl_kernel kernel = CL.clCreateKernel(program, "ksd_rows", null);
        int width = doubles ? Sizeof.cl_double : Sizeof.cl_float;
        cl_mem points = null;
        cl_mem scoreBuffer = null;
        cl_mem rows = null;
        try {
            points = CL.clCreateBuffer(context, CL.CL_MEM_READ_ONLY | CL.CL_MEM_COPY_HOST_PTR, (long) width * n * d,
                    pointer(x, doubles), null);
            scoreBuffer = CL.clCreateBuffer(context, CL.CL_MEM_READ_ONLY | CL.CL_MEM_COPY_HOST_PTR,
                    (long) width * n * d, pointer(scores, doubles), null);
            rows = CL.clCreateBuffer(context, CL.CL_MEM_WRITE_ONLY, (long) width * n, null, null);
            CL.clSetKernelArg(kernel, 0, Sizeof.cl_mem, Pointer.to(points));
            CL.clSetKernelArg(kernel, 1, Sizeof.cl_mem, Pointer.to(scoreBuffer));
            CL.clSetKernelArg(kernel, 2, Sizeof.cl_int, Pointer.to(new int[] {n}));
            CL.clSetKernelArg(kernel, 3, Sizeof.cl_int, Pointer.to(new int[] {d}));
            CL.clSetKernelArg(kernel, 4, width, doubles ? Pointer.to(new double[] {c * c})
                    : Pointer.to(new float[] {(float) (c * c)}));
            CL.clSetKernelArg(kernel, 5, width, doubles ? Pointer.to(new double[] {beta})
                    : Pointer.to(new float[] {(float) beta}));
            CL.clSetKernelArg(kernel, 6, Sizeof.cl_mem, Pointer.to(rows));
            CL.clEnqueueNDRangeKernel(queue, kernel, 1, null, new long[] {n}, null, 0, null, null);
            double total = 0;
            if (doubles) {
                double[] out = new double[n];
                CL.clEnqueueReadBuffer(queue, rows, CL.CL_TRUE, 0, (long) width * n, Pointer.to(out), 0, null, null);
                for (double r : out) {
                    total += r;
                }
            } else {
                float[] out = new float[n];
                CL.clEnqueueReadBuffer(queue, rows, CL.CL_TRUE, 0, (long) width * n, Pointer.to(out), 0, null, null);
                for (float r : out) {
                    total += r;
                }
            }
            return new Ksd(Math.sqrt(Math.max(0, total) / ((double) n * n)), n, c, beta);
        } finally {
            for (cl_mem mem : new cl_mem[] {points, scoreBuffer, rows}) {
                if (mem != null) {
                    CL.clReleaseMemObject(mem);
                }
            }
            CL.clReleaseKernel(kernel);
            CL.clReleaseCommandQueue(queue);
        }
    }

    private static Pointer pointer(double[] values, boolean doubles) {
        if (doubles) {
            return Pointer.to(values);
        }
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return Pointer.to(out);
    }
}
