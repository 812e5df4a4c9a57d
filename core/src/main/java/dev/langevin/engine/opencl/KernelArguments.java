package dev.langevin.engine.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Sets a kernel's arguments by name, from one list of the names in the kernel's order. The list is
 * checked against the compiled kernel: its number of arguments always, and its names where the
 * driver reports them (a program built with -cl-kernel-arg-info, OpenCL 1.2 and later).
 */
final class KernelArguments {
    /** The option that keeps the arguments' names in a program, for {@link #KernelArguments}'s check. */
    static final String NAMES_OPTION = "-cl-kernel-arg-info";

    private final cl_kernel kernel;
    private final String kernelName;
    private final List<String> names;

    /**
     * @param kernel     the kernel
     * @param kernelName its name, for messages
     * @param names      its arguments' names in order
     * @throws IllegalStateException when the kernel's arguments are not those named
     */
    KernelArguments(cl_kernel kernel, String kernelName, List<String> names) {
        this.kernel = kernel;
        this.kernelName = kernelName;
        this.names = List.copyOf(names);
        List<String> declared = declared(kernel);
        boolean named = !declared.contains(null);
        if (declared.size() != names.size() || named && !declared.equals(names)) {
            throw new IllegalStateException("The kernel " + kernelName + " takes "
                    + (named ? "(" + String.join(", ", declared) + ")" : declared.size() + " arguments")
                    + " but the host binds (" + String.join(", ", names) + "); make the two lists the same.");
        }
    }

    /** Binds a buffer. */
    KernelArguments set(String name, cl_mem buffer) {
        CL.clSetKernelArg(kernel, index(name), Sizeof.cl_mem, Pointer.to(buffer));
        return this;
    }

    /** Binds an int, or a uint given by its bits. */
    KernelArguments set(String name, int value) {
        CL.clSetKernelArg(kernel, index(name), Sizeof.cl_int, Pointer.to(new int[] {value}));
        return this;
    }

    private int index(String name) {
        int index = names.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("The kernel " + kernelName + " has no argument " + name + ".");
        }
        return index;
    }

    /** The kernel's arguments' names, or nulls (as many as it takes) where the driver does not report them. */
    static List<String> declared(cl_kernel kernel) {
        int[] count = new int[1];
        CL.clGetKernelInfo(kernel, CL.CL_KERNEL_NUM_ARGS, Sizeof.cl_uint, Pointer.to(count), null);
        List<String> declared = new ArrayList<>();
        for (int i = 0; i < count[0]; i++) {
            declared.add(name(kernel, i));
        }
        return declared;
    }

    private static String name(cl_kernel kernel, int index) {
        try {
            long[] size = new long[1];
            CL.clGetKernelArgInfo(kernel, index, CL.CL_KERNEL_ARG_NAME, 0, null, size);
            byte[] bytes = new byte[(int) size[0]];
            CL.clGetKernelArgInfo(kernel, index, CL.CL_KERNEL_ARG_NAME, bytes.length, Pointer.to(bytes), null);
            int end = 0;
            while (end < bytes.length && bytes[end] != 0) {
                end++;
            }
            return new String(bytes, 0, end, StandardCharsets.UTF_8);
        } catch (CLException | UnsupportedOperationException e) {
            return null; // CL_KERNEL_ARG_INFO_NOT_AVAILABLE, or an OpenCL 1.1 platform
        }
    }
}
