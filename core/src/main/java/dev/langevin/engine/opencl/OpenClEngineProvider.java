package dev.langevin.engine.opencl;

import dev.langevin.engine.Engine;
import dev.langevin.engine.EngineProvider;
import dev.langevin.engine.Plan;

import java.util.List;
import java.util.Optional;

/**
 * The opencl engine in the registry; {@code auto} takes it first, on the first GPU, when there
 * is a GPU and a kernel for the plan.
 */
public final class OpenClEngineProvider implements EngineProvider {
    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public Optional<String> unsupported(Plan plan) {
        Optional<String> why = OpenClEngine.unsupported(plan);
        if (why.isPresent()) {
            return why;
        }
        return OpenCl.unavailable().map(reason -> "The opencl engine is unavailable: " + reason);
    }

    @Override
    public Engine create(int device) {
        OpenCl.device(device); // says which device is missing before any work
        return new OpenClEngine(device);
    }

    @Override
    public Engine create(int device, int launchSteps) {
        OpenCl.device(device);
        return new OpenClEngine(device, launchSteps, 0, 0);
    }

    @Override
    public List<String> devices() {
        return OpenCl.devices().stream().map(d -> d.index() + ": " + d.name() + " (" + d.type() + ")").toList();
    }

    @Override
    public int preference() {
        return 0;
    }

    @Override
    public Optional<Engine> automatic(Plan plan) {
        if (OpenClEngine.unsupported(plan).isPresent()) {
            return Optional.empty();
        }
        return OpenCl.firstGpu().map(gpu -> new OpenClEngine(gpu.index()));
    }
}
