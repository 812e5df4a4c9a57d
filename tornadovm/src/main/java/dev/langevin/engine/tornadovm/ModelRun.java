package dev.langevin.engine.tornadovm;

import dev.langevin.algorithm.Mala;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.algorithm.Psgld;
import dev.langevin.engine.Divergence;
import dev.langevin.engine.DrawSink;
import dev.langevin.engine.LaunchSchedule;
import dev.langevin.engine.Plan;
import dev.langevin.engine.ProgressListener;
import dev.langevin.engine.ReplicaExchange;
import dev.langevin.engine.RunResult;
import dev.langevin.error.ResourceLimitException;
import dev.langevin.model.Model;
import dev.langevin.model.ModelTarget;
import dev.langevin.rng.Noise;

import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.enums.TornadoVMBackendType;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The tornadovm engine's run of a model (dev.langevin.model.ModelTarget): the model's kernel
 * ({@link ModelKernels}), one TaskGraph, launches of K fused steps as for the built-in targets
 * ({@link TornadoEngine}), the model's parameters and data on the device as the flat arrays its
 * methods read. An MLP (dev.langevin.target.Mlp) on a GPU or an accelerator, or where asked,
 * takes its gradient from {@link MlpGroups}' kernel, a work-group per chain, and then the step:
 * one execution of the task graph a step, the launch's kept draws brought back after its last step.
 */
final class ModelRun {
    /**
     * OpenCL C build options of a model's kernel: none of TornadoVM's default
     * {@code -cl-mad-enable -cl-fast-relaxed-math}, under which the OpenCL compiler may reassociate
     * a model's arithmetic (undoing {@link DeviceMath}'s compensated log1p, for one) and assume no
     * NaN (undoing the divergence check).
     */
    static final String OPENCL_FLAGS = "-w";

    private ModelRun() {
    }

    /** TornadoVM's exceptions while it compiles the kernel as one sentence; others as they are. */
    private static RuntimeException translated(ModelTarget target, ModelKernels.Kernel kernel, int device, Throwable e) {
        if (ModelKernels.fromTornadoVm(e)) {
            return ModelKernels.compileError(target, kernel, device, e);
        }
        if (e instanceof Error error) {
            throw error;
        }
        return (RuntimeException) e;
    }

    /** One execution; the first one's TornadoVM exceptions (it compiles the kernels) as one sentence. */
    private static TornadoExecutionResult execute(TornadoExecutionPlan execution, boolean first, ModelTarget target,
                                                  ModelKernels.Kernel kernel, int device) {
        if (!first) {
            return execution.execute();
        }
        try {
            return execution.execute();
        } catch (RuntimeException | Error e) {
            throw translated(target, kernel, device, e);
        }
    }

    /**
     * @param chainGroups whether an MLP's gradient takes a work-group per chain ({@link MlpGroups}):
     *                    null for GPUs and accelerators only
     */
    static RunResult run(Plan plan, DrawSink sink, ProgressListener progress, int deviceIndex, int launchSteps,
                         Boolean chainGroups) {
        long started = System.nanoTime();
        ModelTarget target = (ModelTarget) plan.target();
        ModelKernels.Kernel kernel = ModelKernels.of(target);
        Model model = target.model();
        TornadoDevice device = TornadoDevices.device(deviceIndex);
        boolean mala = plan.rule() instanceof Mala;
        int d = plan.dim();
        int chains = plan.chains();
        int rows = model.rows();
        // the work-group path executes the task graph once a step (its gradient, then the step), K steps a launch
        boolean groups = !mala && MlpGroups.takes(plan, device, chainGroups);
        int groupSize = groups ? MlpGroups.groupSize(device) : 0;
        int k = launchSteps;
        while (k > 1 && (long) LaunchSchedule.keptPerLaunch(k, plan.thin()) * 4L * d * chains
                > TornadoEngine.DRAW_BUFFER_BYTES) {
            k /= 2;
        }
        int kept = Math.min(LaunchSchedule.keptPerLaunch(k, plan.thin()), Math.max(1, plan.draws()));
        float[] p = model.parameters().length == 0 ? new float[] {0} : target.parameters().clone();
        float[] x = rows > 0 ? model.data().clone() : new float[] {0};
        int stateRegions = mala ? 2 : 1;
        int gradientRegions = mala || (plan.rule() instanceof Psgld && rows > 0) ? 2 : 1;
        int auxiliary = mala ? 0 : plan.rule().auxiliaryVectors();
        long vectors = stateRegions + gradientRegions + auxiliary + kept;
        int factors = TornadoEngine.factorFloats(plan);
        long bytes = 4L * d * chains * vectors + 4L * chains * (11 + 4L * groupSize) + 4L * factors
                + 4L * (p.length + x.length);
        long usable = (long) (device.getMaxGlobalMemory() * TornadoEngine.DEVICE_MEMORY_FRACTION);
        if (bytes > usable || (long) Math.max(kept, gradientRegions) * d * chains > Integer.MAX_VALUE) {
            throw new ResourceLimitException(List.of("chains", "dimension"), String.format(Locale.ROOT,
                    "The plan needs %.1f MB of device memory but TornadoVM device %d (%s) offers %.1f MB.", bytes / 1e6,
                    deviceIndex, device.getDeviceName(), usable / 1e6));
        }

        float[] theta = new float[stateRegions * d * chains];
        Noise noise = new Noise(plan.seed());
        for (int c = 0; c < chains; c++) {
            for (int j = 0; j < d; j++) {
                theta[j * chains + c] = (float) plan.init().value(noise, plan.firstChain() + c, j);
            }
        }
        float[] grad = new float[gradientRegions * d * chains];
        float[] aux0 = new float[auxiliary > 0 ? d * chains : 1];
        // Adam's second moment, or sgnht's thermostat
        float[] aux1 = new float[auxiliary > 1 ? d * chains : Math.max(1, plan.rule().scalars() * chains)];
        // the step each chain diverged at (or -1), then mala's acceptance counts
        IntArray status = new IntArray(2 * chains);
        for (int c = 0; c < chains; c++) {
            status.set(c, -1);
            status.set(chains + c, 0);
        }
        FloatArray draws = new FloatArray(kept * d * chains);
        IntArray launch = new IntArray(Kernels.KEPT + k);
        launch.init(0);
        // the launch's four series, the constants, the launch's temperatures, the chains' factors
        FloatArray schedule = new FloatArray(5 * k + ModelKernel.CONSTANTS + factors);
        schedule.init(0f);
        TornadoEngine.writeFactors(plan, schedule, launch, 5 * k + ModelKernel.CONSTANTS);
        TornadoEngine.writeRuleConstants(plan.rule(), schedule, launch, 4 * k);
        int batch = 0;
        boolean shared = false;
        float weight = 1f;
        if (plan.estimator() instanceof MinibatchGradient minibatch) {
            batch = minibatch.batchSize();
            shared = minibatch.shared();
            weight = (float) ((double) rows / batch);
        }
        schedule.set(4 * k + ModelKernel.WEIGHT, weight);
        FloatArray normals = new FloatArray(4 * chains);
        IntArray words = new IntArray(4 * chains);
        // the gradient's Philox words, four per work item
        IntArray groupWords = new IntArray(groups ? 4 * chains * groupSize : 1);
        launch.set(Kernels.CHAINS, chains);
        launch.set(Kernels.FIRST_CHAIN, plan.firstChain());
        launch.set(Kernels.KEY0, (int) plan.seed());
        launch.set(Kernels.KEY1, (int) (plan.seed() >>> 32));
        launch.set(Kernels.TARGET, -1);
        launch.set(Kernels.RULE, mala ? Kernels.MALA : TornadoEngine.ruleId(plan.rule()));
        launch.set(Kernels.DIM, d);
        launch.set(Kernels.ROWS, rows);
        launch.set(Kernels.ROW_LENGTH, model.rowLength());
        launch.set(Kernels.BATCH, batch);
        launch.set(Kernels.SHARED, shared ? 1 : 0);
        launch.set(Kernels.LAUNCH_STEPS, k);
        launch.set(Kernels.COUNT_FROM, plan.burnIn());

        // TornadoVM compiles the kernel from here to the first execution: what it cannot compile is the model's to change
        // under replica exchange the state goes to the host after each launch and back before the next
        ReplicaExchange exchange = plan.exchange();
        long[] swaps = exchange == null ? null : new long[exchange.rungs() - 1];
        TaskGraph graph;
        TornadoExecutionPlan execution;
        GridScheduler grid = null;
        try {
            graph = new TaskGraph("model")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, grad, aux0, aux1, status, p, x, normals, words)
                .transferToDevice(exchange == null ? DataTransferMode.FIRST_EXECUTION : DataTransferMode.EVERY_EXECUTION,
                        theta)
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, schedule, launch);
            if (groups) {
                // a work-group of groupSize work items per chain
                WorkerGrid1D chainsGrid = new WorkerGrid1D(chains * groupSize);
                chainsGrid.setLocalWork(groupSize, 1, 1);
                grid = new GridScheduler("model.gradient", chainsGrid);
                graph.transferToDevice(DataTransferMode.FIRST_EXECUTION, groupWords)
                    .task("gradient", MlpGroups::gradient, new KernelContext(), theta, grad, status, schedule, launch, p,
                            x, groupWords)
                    .task("advance", MlpGroups::advance, theta, grad, aux0, aux1, status, draws, schedule, launch,
                            normals, words);
            } else {
                graph.task("advance", kernel.task(), theta, grad, aux0, aux1, status, draws, schedule, launch, p, x,
                        normals, words);
            }
            // the work-group path brings the draws back after a launch's last step, not after every step
            graph.transferToHost(groups ? DataTransferMode.UNDER_DEMAND : DataTransferMode.EVERY_EXECUTION, draws);
            if (exchange == null) {
                graph.transferToHost(DataTransferMode.UNDER_DEMAND, theta, status);
            } else {
                graph.transferToHost(DataTransferMode.EVERY_EXECUTION, theta);
                graph.transferToHost(DataTransferMode.UNDER_DEMAND, status);
            }
            execution = new TornadoExecutionPlan(graph.snapshot());
        } catch (RuntimeException | Error e) {
            throw translated(target, kernel, deviceIndex, e);
        }
        float[] buffer = new float[d * chains];
        try (execution) {
            execution.withDevice(device).withCompilerFlags(TornadoVMBackendType.OPENCL, OPENCL_FLAGS);
            if (grid != null) {
                execution.withGridScheduler(grid);
            }
            TornadoExecutionResult result = null;
            for (int start = 0; start < plan.steps(); start += plan.launchLength(start, k)) {
                LaunchSchedule steps = LaunchSchedule.of(plan, start, plan.launchLength(start, k));
                if (groups) {
                    // one execution a step: step i of the launch as the kernels' step 0
                    for (int i = 0; i < steps.fused(); i++) {
                        schedule.set(4 * k + ModelKernel.CONSTANTS, (float) plan.temperatureAt(start + i));
                        TornadoEngine.writeStep(schedule, launch, steps, k, i, 0);
                        launch.set(Kernels.START, start + i);
                        launch.set(Kernels.FUSED, 1);
                        result = execute(execution, result == null, target, kernel, deviceIndex);
                    }
                    if (steps.keptDraws() > 0) {
                        result.transferToHost(draws);
                    }
                } else {
                    for (int i = 0; i < steps.fused(); i++) {
                        schedule.set(4 * k + ModelKernel.CONSTANTS + i, (float) plan.temperatureAt(start + i));
                        TornadoEngine.writeStep(schedule, launch, steps, k, i, i);
                    }
                    launch.set(Kernels.START, start);
                    launch.set(Kernels.FUSED, steps.fused());
                    result = execute(execution, result == null, target, kernel, deviceIndex);
                }
                for (int i = 0; i < steps.keptDraws(); i++) {
                    java.lang.foreign.MemorySegment.copy(draws.getSegment(), ValueLayout.JAVA_FLOAT,
                            4L * i * d * chains, buffer, 0, d * chains);
                    sink.accept(steps.firstDraw() + i, buffer, chains, d);
                }
                int last = start + steps.fused() - 1;
                if (exchange != null && exchange.after(last, plan.steps())) {
                    // the host swaps positions between rungs (replica exchange runs sgld: theta is all the state)
                    ReplicaExchange.tally(swaps, exchange.exchange(plan, last, theta));
                }
                progress.advanced(start + steps.fused(), plan.steps());
            }
            if (exchange == null) {
                result.transferToHost(theta, status);
            } else {
                result.transferToHost(status);
            }
        } catch (Exception e) {
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("tornadovm engine: " + e.getMessage(), e);
        }
        List<Divergence> divergences = new ArrayList<>();
        int[] accepted = mala ? new int[chains] : null;
        for (int c = 0; c < chains; c++) {
            if (status.get(c) >= 0) {
                divergences.add(new Divergence(plan.firstChain() + c, status.get(c)));
            }
            if (mala) {
                accepted[c] = status.get(chains + c);
            }
        }
        return new RunResult(Arrays.copyOf(theta, d * chains), divergences, (System.nanoTime() - started) * 1e-9,
                accepted, swaps);
    }
}
