package dev.langevin.engine.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_program;

import java.nio.charset.StandardCharsets;

/**
 * Builds OpenCL programs, turning a failed build into an error that shows the compiler's log.
 * One context per device and one program per (device, source, options) are kept for the life
 * of the process, so repeated runs of a plan (benchmarks, batches of tests) compile once.
 */
public final class Programs {
    private static final java.util.Map<Integer, cl_context> CONTEXTS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.Map<String, cl_program> PROGRAMS = new java.util.concurrent.ConcurrentHashMap<>();

    private Programs() {
    }

    /** The process's context for a device. */
    static cl_context context(OpenCl.Device device) {
        return CONTEXTS.computeIfAbsent(device.index(), index -> {
            org.jocl.cl_context_properties properties = new org.jocl.cl_context_properties();
            properties.addProperty(CL.CL_CONTEXT_PLATFORM, device.platform());
            return CL.clCreateContext(properties, 1, new cl_device_id[] {device.id()}, null, null, null);
        });
    }

    /** The program built from source with options for the device, built on first use. */
    static cl_program cached(OpenCl.Device device, String source, String options) {
        String key = device.index() + "\u0000" + options + "\u0000" + source;
        return PROGRAMS.computeIfAbsent(key, k -> build(context(device), device, source, options));
    }

    /**
     * @param context the context
     * @param device  the device to build for
     * @param source  OpenCL C source
     * @param options compiler options (-D definitions)
     * @throws IllegalStateException with the build log when the compiler rejects the source
     */
    public static cl_program build(cl_context context, OpenCl.Device device, String source, String options) {
        cl_program program = CL.clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
        try {
            CL.clBuildProgram(program, 1, new cl_device_id[] {device.id()}, options, null, null);
        } catch (CLException e) {
            String log = buildLog(program, device.id());
            CL.clReleaseProgram(program);
            throw new IllegalStateException("The OpenCL kernels failed to build on device " + device.index() + " ("
                    + device.name() + ") with options '" + options + "'; the compiler said:\n" + log.strip(), e);
        }
        return program;
    }

    private static String buildLog(cl_program program, cl_device_id device) {
        long[] size = new long[1];
        CL.clGetProgramBuildInfo(program, device, CL.CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] buffer = new byte[(int) size[0]];
        CL.clGetProgramBuildInfo(program, device, CL.CL_PROGRAM_BUILD_LOG, buffer.length, Pointer.to(buffer), null);
        int end = buffer.length;
        while (end > 0 && buffer[end - 1] == 0) {
            end--;
        }
        return new String(buffer, 0, end, StandardCharsets.UTF_8);
    }
}
