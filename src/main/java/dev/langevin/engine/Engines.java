package dev.langevin.engine;

import dev.langevin.engine.cpu.CpuEngine;
import dev.langevin.engine.opencl.OpenCl;
import dev.langevin.engine.opencl.OpenClEngine;
import dev.langevin.engine.reference.ReferenceEngine;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.error.Names;

import java.util.List;
import java.util.Optional;

/** The engines by command-line name; {@code auto} picks the fastest one usable here for a plan. */
public final class Engines {
    /** Names accepted by {@code --engine}. */
    public static final List<String> NAMES = List.of("auto", "cpu", "opencl", "tornadovm", "reference");

    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    private Engines() {
    }

    /**
     * The engine for a name and a plan, or one sentence saying why it cannot run the plan. The
     * plan matters because not every engine has a kernel for every target and algorithm;
     * {@code auto} then falls back to the reference.
     */
    public static Engine forPlan(String name, Plan plan) {
        return forPlan(name, plan, 0);
    }

    /**
     * As {@link #forPlan(String, Plan)}, with the OpenCL device {@code --device} names. {@code auto}
     * prefers an OpenCL GPU with a kernel for the plan, then the cpu engine, then the reference.
     */
    public static Engine forPlan(String name, Plan plan, int device) {
        return switch (name) {
            case "opencl" -> {
                Optional<String> why = OpenClEngine.unsupported(plan);
                if (why.isPresent()) {
                    throw new InvalidParameterException("engine", why.get());
                }
                OpenCl.device(device); // says which device is missing before any work
                yield new OpenClEngine(device);
            }
            case "reference" -> new ReferenceEngine();
            case "tornadovm" -> {
                EngineProvider tornado = provider("tornadovm").orElseThrow(() -> new InvalidParameterException("engine",
                        "The tornadovm engine needs langevin built with the Maven profile -Ptornadovm and started with a "
                                + "TornadoVM SDK (TORNADOVM_HOME); see the README."));
                Optional<String> why = tornado.unsupported(plan);
                if (why.isPresent()) {
                    throw new InvalidParameterException("engine", why.get());
                }
                yield tornado.create(device);
            }
            case "cpu" -> {
                if (!vectorApiPresent()) {
                    throw new InvalidParameterException("engine", "The cpu engine needs the JVM option --add-modules "
                            + VECTOR_MODULE + " (scripts/langevin adds it).");
                }
                Optional<String> why = CpuEngine.unsupported(plan);
                if (why.isPresent()) {
                    throw new InvalidParameterException("engine", why.get());
                }
                yield new CpuEngine();
            }
            case "auto" -> {
                Optional<OpenCl.Device> gpu = OpenClEngine.unsupported(plan).isEmpty() ? OpenCl.firstGpu() : Optional.empty();
                if (gpu.isPresent()) {
                    yield new OpenClEngine(gpu.get().index());
                }
                yield vectorApiPresent() && CpuEngine.unsupported(plan).isEmpty() ? new CpuEngine() : new ReferenceEngine();
            }
            default -> throw new InvalidParameterException("engine", Names.unknown("engine", name, NAMES));
        };
    }

    /** A separately built engine by name, when its classes are here. */
    public static Optional<EngineProvider> provider(String name) {
        for (EngineProvider provider : java.util.ServiceLoader.load(EngineProvider.class)) {
            if (provider.name().equals(name)) {
                return Optional.of(provider);
            }
        }
        return Optional.empty();
    }

    /** Whether the Vector API module is in this JVM (it is an incubator module, added by a flag). */
    public static boolean vectorApiPresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }
}
