package dev.langevin.spark;

import dev.langevin.engine.DrawSink;
import dev.langevin.engine.Engine;
import dev.langevin.engine.Engines;
import dev.langevin.engine.Plan;
import dev.langevin.engine.ProgressListener;
import dev.langevin.engine.RunResult;
import dev.langevin.engine.cpu.CpuEngine;
import dev.langevin.engine.opencl.OpenCl;
import dev.langevin.engine.opencl.OpenClEngine;
import dev.langevin.error.InvalidParameterException;

import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine a Spark task runs its chain range on, chosen in the task, on its executor:
 * <ul>
 * <li>{@code auto}: the OpenCL GPU of the address Spark gave the task (a {@code gpu} resource, from
 * {@code spark.executor.resource.gpu.amount} and {@code spark.task.resource.gpu.amount}) when
 * there is an OpenCL GPU of that number and a kernel for the plan, else {@code cpu};</li>
 * <li>{@code opencl}: OpenCL on the task's GPU when Spark gave it one, else on the device
 * {@code --device} names (default 0);</li>
 * <li>{@code cpu}: the Vector API engine ({@code reference} where the executor's JVM lacks the
 * module), with {@code spark.task.cpus} threads when that is set, else every core;</li>
 * <li>{@code reference}: the plain Java engine.</li>
 * </ul>
 * Spark's GPU addresses are the ordinals its discovery script prints (for NVIDIA, nvidia-smi's
 * indices); address N is taken to be the N-th OpenCL device of type GPU.
 */
final class TaskEngine {
    /** Engines a task can be asked for. */
    static final List<String> NAMES = List.of("auto", "cpu", "opencl", "reference");

    /**
     * Held while a task of this executor asks the OpenCL driver for its devices: tasks run in threads
     * of one JVM, and a driver's first enumeration (PoCL's) is not safe from two threads at once.
     */
    private static final Object OPENCL = new Object();

    /** One lock per OpenCL device of this executor: tasks that share a device run on it in turn. */
    private static final Map<Integer, Object> DEVICES = new ConcurrentHashMap<>();

    private TaskEngine() {
    }

    /**
     * What the driver asks of every task.
     *
     * @param name    auto, cpu, opencl or reference
     * @param device  the OpenCL device for {@code opencl} when the task has no GPU of Spark's
     * @param threads the cpu engine's threads, or 0 for every core of the executor's machine
     */
    record Request(String name, int device, int threads) implements Serializable {
        Request {
            if (!NAMES.contains(name)) {
                throw new InvalidParameterException("engine", "A Spark task runs the engine auto, cpu, opencl or "
                        + "reference, not " + name + ".");
            }
        }
    }

    /** The engine a task runs and where, as the manifest records it. */
    record Choice(Engine engine, String device) {
    }

    /**
     * Checks on the driver what it can: the plan has a kernel for the engine asked for, and, where
     * the executors are this JVM ({@code local} masters), that {@code opencl}'s device is here. On a
     * cluster whether an executor has the device is known only there.
     */
    static void check(Request request, Plan plan, boolean local) {
        switch (request.name()) {
            case "opencl" -> {
                OpenClEngine.unsupported(plan).ifPresent(why -> {
                    throw new InvalidParameterException("engine", why);
                });
                if (local) {
                    synchronized (OPENCL) {
                        Engines.forPlan("opencl", plan, request.device());
                    }
                }
            }
            case "cpu", "reference" -> Engines.forPlan(cpuOrReference(request.name()), plan);
            default -> Engines.forPlan(cpuOrReference("cpu"), plan); // auto falls back to cpu
        }
    }

    /** Chooses the engine in a task, from the GPU addresses Spark gave it (none outside a task). */
    static Choice choose(Request request, Plan slice) {
        return choose(request, slice, gpuAddresses());
    }

    static Choice choose(Request request, Plan slice, List<String> gpus) {
        synchronized (OPENCL) {
            return chooseUnlocked(request, slice, gpus);
        }
    }

    private static Choice chooseUnlocked(Request request, Plan slice, List<String> gpus) {
        switch (request.name()) {
            case "auto" -> {
                if (!gpus.isEmpty() && OpenClEngine.unsupported(slice).isEmpty()) {
                    Optional<OpenCl.Device> gpu = openClGpu(gpus.get(0));
                    if (gpu.isPresent()) {
                        return opencl(slice, gpu.get().index());
                    }
                }
                return cpu(request, slice);
            }
            case "opencl" -> {
                int device = gpus.isEmpty() ? request.device()
                        : openClGpu(gpus.get(0)).map(OpenCl.Device::index).orElseThrow(() -> new InvalidParameterException(
                                "engine", "Spark gave this task GPU " + gpus.get(0) + ", but its executor has no "
                                + "OpenCL GPU of that number (it has " + OpenCl.devices().size() + " OpenCL devices)."));
                return opencl(slice, device);
            }
            case "cpu" -> {
                return cpu(request, slice);
            }
            default -> {
                return new Choice(Engines.forPlan("reference", slice), "1 thread");
            }
        }
    }

    private static Choice opencl(Plan slice, int device) {
        synchronized (OPENCL) {
            Engine engine = Engines.forPlan("opencl", slice, device);
            OpenCl.Device d = OpenCl.device(device);
            return new Choice(new OneAtATime(engine, DEVICES.computeIfAbsent(device, k -> new Object())),
                    d.index() + ": " + d.name() + " (" + d.type() + ")");
        }
    }

    /** An engine whose runs hold a lock, so that two tasks of one executor do not share its device at once. */
    private record OneAtATime(Engine engine, Object lock) implements Engine {
        @Override
        public String name() {
            return engine.name();
        }

        @Override
        public RunResult run(Plan plan, DrawSink sink, ProgressListener progress) {
            synchronized (lock) {
                return engine.run(plan, sink, progress);
            }
        }
    }

    private static Choice cpu(Request request, Plan slice) {
        String name = cpuOrReference("cpu");
        Engine engine = Engines.forPlan(name, slice);
        if (name.equals("reference")) {
            return new Choice(engine, "1 thread");
        }
        int threads = request.threads() > 0 ? request.threads() : Runtime.getRuntime().availableProcessors();
        return new Choice(new CpuEngine(threads, CpuEngine.DEFAULT_LAUNCH_STEPS), threads + (threads == 1 ? " thread" : " threads"));
    }

    /** The cpu engine needs the Vector API module; an executor started without it runs the reference. */
    static String cpuOrReference(String engine) {
        return engine.equals("cpu") && !Engines.vectorApiPresent() ? "reference" : engine;
    }

    /** The OpenCL GPU for one of Spark's GPU addresses: the N-th OpenCL device of type GPU. */
    static Optional<OpenCl.Device> openClGpu(String address) {
        int n;
        try {
            n = Integer.parseInt(address.strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        List<OpenCl.Device> gpus = OpenCl.devices().stream().filter(OpenCl.Device::gpu).toList();
        return n >= 0 && n < gpus.size() ? Optional.of(gpus.get(n)) : Optional.empty();
    }

    /** The addresses of the GPUs Spark assigned to the running task, if any. */
    static List<String> gpuAddresses() {
        TaskContext task = TaskContext.get();
        if (task == null) {
            return List.of();
        }
        ResourceInformation gpu = task.resourcesJMap().get("gpu");
        return gpu == null ? List.of() : List.of(gpu.addresses());
    }
}
