package dev.langevin.engine.opencl;

import dev.langevin.error.InvalidParameterException;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The OpenCL devices of this machine, numbered across platforms in the order the ICD loader
 * lists them (the numbers {@code --device} takes), and the kernel sources.
 */
public final class OpenCl {
    private OpenCl() {
    }

    /**
     * One device.
     *
     * @param index        the number {@code --device} takes
     * @param platform     platform id
     * @param id           device id
     * @param platformName platform name
     * @param name         device name
     * @param type         "GPU", "CPU", "accelerator" or "other"
     * @param globalMemory global memory in bytes
     * @param maxAllocation largest single buffer in bytes
     * @param computeUnits compute units
     * @param version      the device's OpenCL version string
     * @param localMemory  local memory per work-group in bytes
     */
    public record Device(int index, cl_platform_id platform, cl_device_id id, String platformName, String name,
                         String type, long globalMemory, long maxAllocation, int computeUnits, String version,
                         long localMemory) {
        /** Whether this is a GPU. */
        public boolean gpu() {
            return type.equals("GPU");
        }
    }

    /** The ICD loader's file name, which JOCL opens on Linux (JOCL prints to stdout when it cannot). */
    static final String LIBRARY = "libOpenCL.so.1";

    /**
     * Why no OpenCL driver may be loaded into this JVM, or empty when one may. On Linux that needs
     * the ICD loader (libOpenCL.so.1), looked for before JOCL is touched so that a machine without
     * OpenCL stays quiet. A driver is loaded only where the JVM chains signal handlers (libjsig.so preloaded, as
     * {@code scripts/langevin} and the tests' JVM do): drivers built on LLVM, such as PoCL,
     * install their own SIGSEGV, SIGBUS, SIGFPE and SIGILL handlers over the JVM's when they
     * initialise. The JVM takes SIGSEGV for implicit null checks and safepoint polls, so the first
     * one after that runs LLVM's handler, which is installed with SA_RESETHAND: until it has put
     * the JVM's handler back, a second thread's SIGSEGV finds the default action and the process
     * dies with no message. PoCL's SIGFPE handler skips a faulting division, so a Java integer
     * division by zero in compiled code returns a number instead of throwing.
     */
    public static Optional<String> unavailable() {
        return Unavailable.WHY;
    }

    /** Computed once: the answer does not change while the JVM runs. */
    private static final class Unavailable {
        static final Optional<String> WHY = !libraryInstalled(LIBRARY, System.getenv("LD_LIBRARY_PATH"),
                Path.of("/etc/ld.so.cache"), DEFAULT_DIRECTORIES)
                ? Optional.of("no OpenCL library (" + LIBRARY + ") is installed; install the ICD loader and a driver "
                        + "(Debian: apt-get install ocl-icd-libopencl1 pocl-opencl-icd, or the GPU vendor's driver).")
                : signalChaining() ? Optional.empty() : Optional.of(
                "OpenCL drivers replace the JVM's signal handlers (it would crash or divide by zero silently), "
                        + "so langevin loads one only when Java starts with LD_PRELOAD="
                        + Path.of(System.getProperty("java.home"), "lib", "libjsig.so")
                        + " (scripts/langevin sets it).");
    }

    /** Where the dynamic linker looks when neither LD_LIBRARY_PATH nor its cache names a library. */
    private static final List<Path> DEFAULT_DIRECTORIES = defaultDirectories();

    private static List<Path> defaultDirectories() {
        List<Path> dirs = new ArrayList<>();
        String arch = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64" -> "aarch64";
            case "ppc64le" -> "powerpc64le";
            case "riscv64" -> "riscv64";
            default -> null;
        };
        for (String root : List.of("/lib", "/usr/lib", "/usr/local/lib")) {
            if (arch != null) {
                dirs.add(Path.of(root, arch + "-linux-gnu"));
            }
            dirs.add(Path.of(root));
        }
        dirs.add(Path.of("/lib64"));
        dirs.add(Path.of("/usr/lib64"));
        return dirs;
    }

    /**
     * Whether the dynamic linker would find {@code name} on Linux (elsewhere: true, JOCL looks): in a
     * directory of {@code ldLibraryPath}, at a path the linker's cache lists, or in a default directory.
     */
    static boolean libraryInstalled(String name, String ldLibraryPath, Path cache, List<Path> defaults) {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return true;
        }
        List<Path> candidates = new ArrayList<>();
        if (ldLibraryPath != null) {
            for (String dir : ldLibraryPath.split(":")) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, name));
                }
            }
        }
        try {
            // the cache (what ldconfig -p prints) holds each library's path as a NUL-terminated string
            for (String entry : new String(Files.readAllBytes(cache), StandardCharsets.ISO_8859_1).split("\0")) {
                if (entry.startsWith("/") && entry.endsWith("/" + name)) {
                    candidates.add(Path.of(entry));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no cache (musl, or a minimal image): the directories decide
        }
        defaults.forEach(dir -> candidates.add(dir.resolve(name)));
        return candidates.stream().anyMatch(Files::isRegularFile);
    }

    /** Whether the JVM's signal-chaining library is loaded, or signals need none here (not Linux). */
    private static boolean signalChaining() {
        Path maps = Path.of("/proc/self/maps");
        if (!System.getProperty("os.name", "").startsWith("Linux") || !Files.isReadable(maps)) {
            return true;
        }
        try (var lines = Files.lines(maps, StandardCharsets.ISO_8859_1)) {
            return lines.anyMatch(line -> line.endsWith("/libjsig.so"));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    /**
     * All devices, or an empty list when there is no OpenCL platform (no ICD loader, or no
     * driver registered with it) or when {@link #unavailable()} says none may be loaded.
     */
    public static List<Device> devices() {
        List<Device> devices = new ArrayList<>();
        if (unavailable().isPresent()) {
            return devices;
        }
        try {
            CL.setExceptionsEnabled(true);
            int[] count = new int[1];
            CL.clGetPlatformIDs(0, null, count);
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            CL.clGetPlatformIDs(platforms.length, platforms, null);
            for (cl_platform_id platform : platforms) {
                int[] deviceCount = new int[1];
                try {
                    CL.clGetDeviceIDs(platform, CL.CL_DEVICE_TYPE_ALL, 0, null, deviceCount);
                } catch (CLException e) {
                    continue; // a platform without devices
                }
                cl_device_id[] ids = new cl_device_id[deviceCount[0]];
                CL.clGetDeviceIDs(platform, CL.CL_DEVICE_TYPE_ALL, ids.length, ids, null);
                for (cl_device_id id : ids) {
                    long type = longInfo(id, CL.CL_DEVICE_TYPE);
                    devices.add(new Device(devices.size(), platform, id, platformName(platform),
                            stringInfo(id, CL.CL_DEVICE_NAME).strip(), typeName(type),
                            longInfo(id, CL.CL_DEVICE_GLOBAL_MEM_SIZE), longInfo(id, CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE),
                            (int) intInfo(id, CL.CL_DEVICE_MAX_COMPUTE_UNITS), stringInfo(id, CL.CL_DEVICE_VERSION).strip(),
                            longInfo(id, CL.CL_DEVICE_LOCAL_MEM_SIZE)));
                }
            }
        } catch (CLException | UnsatisfiedLinkError | NoClassDefFoundError e) {
            // CL_PLATFORM_NOT_FOUND_KHR, or no libOpenCL: no devices
            return devices;
        }
        return devices;
    }

    /** The device for {@code --device N}, or one sentence saying why there is none. */
    public static Device device(int index) {
        unavailable().ifPresent(why -> {
            throw new InvalidParameterException("engine", "The opencl engine is unavailable: " + why);
        });
        List<Device> devices = devices();
        if (devices.isEmpty()) {
            throw new InvalidParameterException("engine", "The opencl engine found no OpenCL platform; install a driver "
                    + "(for the CPU: apt-get install pocl-opencl-icd ocl-icd-libopencl1) or use the cpu engine.");
        }
        if (index < 0 || index >= devices.size()) {
            throw new InvalidParameterException("device", "OpenCL device " + index + " does not exist; 'langevin devices' lists devices 0 to "
                    + (devices.size() - 1) + ".");
        }
        return devices.get(index);
    }

    /** The first GPU, if any (what {@code --engine auto} prefers). */
    public static java.util.Optional<Device> firstGpu() {
        return devices().stream().filter(Device::gpu).findFirst();
    }

    /** The kernel sources named, concatenated, from the resources under kernels/. */
    public static String source(String... names) {
        StringBuilder source = new StringBuilder();
        for (String name : names) {
            source.append(dev.langevin.model.ModelSource.kernel(name)).append('\n');
        }
        return source.toString();
    }

    private static String typeName(long type) {
        if ((type & CL.CL_DEVICE_TYPE_GPU) != 0) {
            return "GPU";
        }
        if ((type & CL.CL_DEVICE_TYPE_CPU) != 0) {
            return "CPU";
        }
        if ((type & CL.CL_DEVICE_TYPE_ACCELERATOR) != 0) {
            return "accelerator";
        }
        return "other";
    }

    private static String platformName(cl_platform_id platform) {
        long[] size = new long[1];
        CL.clGetPlatformInfo(platform, CL.CL_PLATFORM_NAME, 0, null, size);
        byte[] buffer = new byte[(int) size[0]];
        CL.clGetPlatformInfo(platform, CL.CL_PLATFORM_NAME, buffer.length, Pointer.to(buffer), null);
        return cString(buffer);
    }

    static String stringInfo(cl_device_id device, int parameter) {
        long[] size = new long[1];
        CL.clGetDeviceInfo(device, parameter, 0, null, size);
        byte[] buffer = new byte[(int) size[0]];
        CL.clGetDeviceInfo(device, parameter, buffer.length, Pointer.to(buffer), null);
        return cString(buffer);
    }

    static long longInfo(cl_device_id device, int parameter) {
        long[] value = new long[1];
        CL.clGetDeviceInfo(device, parameter, Sizeof.cl_long, Pointer.to(value), null);
        return value[0];
    }

    static long intInfo(cl_device_id device, int parameter) {
        int[] value = new int[1];
        CL.clGetDeviceInfo(device, parameter, Sizeof.cl_int, Pointer.to(value), null);
        return value[0];
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
