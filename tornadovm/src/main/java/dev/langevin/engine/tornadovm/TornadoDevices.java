package dev.langevin.engine.tornadovm;

import dev.langevin.error.InvalidParameterException;

import uk.ac.manchester.tornado.api.TornadoBackend;
import uk.ac.manchester.tornado.api.TornadoRuntime;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.runtime.TornadoRuntimeProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** TornadoVM's devices over all its backends, numbered in order as {@code --device} takes them. */
public final class TornadoDevices {
    /**
     * TornadoVM options langevin needs, set before its runtime starts unless given on the
     * command line: full-precision math (by default TornadoVM emits OpenCL's native_cos,
     * native_sin and native_sqrt, whose error would break the noise's agreement with the
     * reference), no fast-math rewriting, an error instead of a silent sequential run of the
     * Java code when a kernel cannot be compiled, and every call inlined: by default TornadoVM
     * refuses to inline a method above 600 graph nodes, its callees included, which a model's
     * methods inside {@link ModelKernel} soon are.
     */
    static final String[][] OPTIONS = {
        {"tornado.enable.nativeFunctions", "False"},
        {"tornado.enable.fastMathOptimizations", "False"},
        {"tornado.recover.bailout", "False"},
        {"tornado.compiler.fullInlining", "True"},
    };

    static {
        for (String[] option : OPTIONS) {
            if (System.getProperty(option[0]) == null) {
                System.setProperty(option[0], option[1]);
            }
        }
    }

    private TornadoDevices() {
    }

    /** Every device of every backend. */
    public static List<TornadoDevice> list() {
        TornadoRuntime runtime = TornadoRuntimeProvider.getTornadoRuntime();
        List<TornadoDevice> devices = new ArrayList<>();
        for (int b = 0; b < runtime.getNumBackends(); b++) {
            TornadoBackend backend = runtime.getBackend(b);
            for (int i = 0; i < backend.getNumDevices(); i++) {
                devices.add(backend.getDevice(i));
            }
        }
        return devices;
    }

    /** Device n, or one sentence naming --device. */
    public static TornadoDevice device(int n) {
        List<TornadoDevice> devices = list();
        if (n < 0 || n >= devices.size()) {
            throw new InvalidParameterException("device", "TornadoVM device " + n + " does not exist: TornadoVM has " + devices.size()
                    + " device(s); 'langevin devices' lists them.");
        }
        return devices.get(n);
    }

    /** One line per device: number, backend, name, memory. */
    public static List<String> describe() {
        List<String> lines = new ArrayList<>();
        List<TornadoDevice> devices = list();
        for (int n = 0; n < devices.size(); n++) {
            TornadoDevice d = devices.get(n);
            lines.add(String.format(Locale.ROOT, "%-3d %-8s %-50s %7.1f GB", n, d.getTornadoVMBackend(),
                    d.getPhysicalDevice().getDeviceName(), d.getMaxGlobalMemory() / 1e9));
        }
        return lines;
    }
}
