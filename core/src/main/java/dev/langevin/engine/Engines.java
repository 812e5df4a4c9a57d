package dev.langevin.engine;

import dev.langevin.engine.cpu.CpuEngineProvider;
import dev.langevin.engine.opencl.OpenClEngineProvider;
import dev.langevin.engine.reference.ReferenceEngineProvider;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.error.Names;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The engine registry: the core's engines (opencl, cpu, reference) and any registered with
 * {@link ServiceLoader} (tornadovm), by name. {@code auto} asks them in order of preference and
 * takes the first that wants the plan: an OpenCL GPU, then cpu, then the reference.
 */
public final class Engines {
    /** The incubator module the cpu engine needs. */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";

    private Engines() {
    }

    /** Every engine here: the core's, then those registered with {@link ServiceLoader}. */
    public static List<EngineProvider> providers() {
        List<EngineProvider> providers = new ArrayList<>(List.of(new OpenClEngineProvider(), new CpuEngineProvider(),
                new ReferenceEngineProvider()));
        for (EngineProvider provider : ServiceLoader.load(EngineProvider.class)) {
            providers.add(provider);
        }
        return providers;
    }

    /** Names accepted as an engine: {@code auto} and every registered engine's. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(List.of("auto"));
        providers().forEach(p -> names.add(p.name()));
        if (!names.contains("tornadovm")) {
            names.add("tornadovm"); // known by name, so that asking for it says what it needs
        }
        return names;
    }

    /** The engine for a name and a plan (device 0), or one sentence saying why it cannot run the plan. */
    public static Engine forPlan(String name, Plan plan) {
        return forPlan(name, plan, 0);
    }

    /**
     * The engine for a name, a plan and a device, or one sentence saying why it cannot run the
     * plan. {@code auto} asks the engines in order of {@link EngineProvider#preference()}.
     *
     * @throws InvalidParameterException naming the engine (or the device) when it cannot run here
     */
    public static Engine forPlan(String name, Plan plan, int device) {
        if (name.equals("auto")) {
            return providers().stream().sorted(Comparator.comparingInt(EngineProvider::preference))
                    .map(p -> p.automatic(plan)).flatMap(Optional::stream).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no engine runs this plan, not even the reference"));
        }
        Optional<EngineProvider> provider = provider(name);
        if (provider.isEmpty()) {
            if (name.equals("tornadovm")) {
                throw new InvalidParameterException("engine", "The tornadovm engine needs langevin's tornadovm module "
                        + "(built with -Ptornadovm) on the class path and a TornadoVM SDK (TORNADOVM_HOME); see the README.");
            }
            throw new InvalidParameterException("engine", Names.unknown("engine", name, names()));
        }
        Optional<String> why = provider.get().unsupported(plan);
        if (why.isPresent()) {
            throw new InvalidParameterException("engine", why.get());
        }
        return provider.get().create(device);
    }

    /** An engine by name, when it is registered here. */
    public static Optional<EngineProvider> provider(String name) {
        return providers().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Whether the Vector API module is in this JVM (it is an incubator module, added by a flag). */
    public static boolean vectorApiPresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }
}
