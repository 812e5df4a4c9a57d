package dev.langevin.engine.opencl;

import dev.langevin.TestData;
import dev.langevin.algorithm.Adam;
import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.algorithm.Mala;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.algorithm.Psgld;
import dev.langevin.algorithm.Sghmc;
import dev.langevin.algorithm.Sgld;
import dev.langevin.algorithm.UpdateRule;
import dev.langevin.engine.Divergence;
import dev.langevin.engine.EngineCases;
import dev.langevin.engine.InMemoryDraws;
import dev.langevin.engine.InitialState;
import dev.langevin.check.DeviceProbes;
import dev.langevin.engine.Plan;
import dev.langevin.engine.Plans;
import dev.langevin.engine.ProgressListener;
import dev.langevin.engine.RunResult;
import dev.langevin.engine.reference.ReferenceEngine;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.rng.Noise;
import dev.langevin.rng.Philox;
import dev.langevin.schedule.Constant;
import dev.langevin.schedule.Polynomial;
import dev.langevin.schedule.StepSizeSchedule;
import dev.langevin.target.Target;

import org.jocl.CL;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.langevin.engine.EngineCases.analytic;
import static dev.langevin.engine.EngineCases.data;
import static dev.langevin.engine.EngineCases.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The opencl engine on the first OpenCL device (PoCL on the CPU in CI) against the reference
 * (docs/DESIGN.md contracts 2 and 4): Philox words bit for bit, normals and trajectories within
 * stated tolerances, and draws that do not depend on K, the work-group size or batching.
 * Without a device these tests skip, unless LANGEVIN_REQUIRE_OPENCL=1 (set by CI) makes that a failure.
 */
class OpenClEngineTest {
    private static final int CHAINS = 37;
    private static final int STEPS = EngineCases.STEPS;

    @BeforeAll
    static void needsADevice() {
        assumeDevice();
    }

    /** Skips without a device, or fails when LANGEVIN_REQUIRE_OPENCL=1. */
    static void assumeDevice() {
        boolean present = !OpenCl.devices().isEmpty();
        if (!present && "1".equals(System.getenv("LANGEVIN_REQUIRE_OPENCL"))) {
            fail("LANGEVIN_REQUIRE_OPENCL=1 but no OpenCL device was found (is pocl-opencl-icd installed?)");
        }
        assumeTrue(present, "no OpenCL device here; the opencl engine's tests are skipped");
    }

    @Test
    void philoxWordsAreTheReferencesBitForBitAndNormalsClose() {
        // the device's words and normals at 4096 random addresses against rng.Philox and Noise.boxMuller
        try (DeviceProbes probes = new DeviceProbes(0, 0.01)) {
            DeviceProbes.NoiseCheck check = probes.noise();
            assertEquals(4 * 4096, check.words());
            assertEquals(0, check.wrongWords(), "Philox words that differ from the reference's");
            // float log1p/log/sinpi/cospi are within a few ulps in OpenCL's full profile
            assertTrue(check.worstNormal() < 2e-6, "normals differ from the reference's by up to "
                    + check.worstNormal() + " x max(1, |z|)");
        }
    }

    static Stream<Arguments> cases() throws Exception {
        return EngineCases.equivalence();
    }

    /**
     * |opencl - reference| / (1 + |reference|) over every kept draw of 37 chains and 40 steps,
     * within the stated tolerance; a wrong row, noise word or update term gives 1e-3 and more.
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void agreesWithTheReference(Target target, GradientEstimator estimator, UpdateRule rule, StepSizeSchedule schedule,
                                double tolerance) {
        Plan plan = Plans.plan(target, estimator, rule, schedule, 1, CHAINS, STEPS, 0, 1,
                new InitialState.Uniform(-1.5, 1.5), 42);
        InMemoryDraws reference = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
        RunResult referenceResult = new ReferenceEngine().run(plan, reference, ProgressListener.NONE);
        InMemoryDraws opencl = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
        RunResult result = new OpenClEngine(0, 16, 0, 0).run(plan, opencl, ProgressListener.NONE);
        // Metropolis-Hastings decisions agree chain by chain
        assertArrayEquals(referenceResult.accepted(), result.accepted());
        double worst = EngineCases.worstDifference(reference.values(), opencl.values());
        assertTrue(worst <= tolerance, "largest relative difference " + worst + " exceeds " + tolerance);
    }

    /** Contract 2: neither K, nor the work-group size, nor batching, nor splitting the chains changes a bit. */
    @Test
    void launchSizeWorkGroupsAndBatchesChangeNothing() throws Exception {
        Target target = data("logistic-regression", TestData.breastCancer());
        Plan plan = Plans.plan(target, new MinibatchGradient(16, false), new Sgld(), new Polynomial(1e-3, 1, 0.55), 1,
                53, 90, 20, 3, new InitialState.Normal(0, 0.5), 9);
        InMemoryDraws plain = run(new OpenClEngine(0, 64, 0, 0), plan);
        assertArrayEquals(plain.values(), run(new OpenClEngine(0, 7, 16, 0), plan).values());
        assertArrayEquals(plain.values(), run(new OpenClEngine(0, 1, 0, 13), plan).values());
        Plan adam = Plans.plan(analytic("gaussian", 40, ""), new FullGradient(), new Adam(), new Constant(0.01), 1,
                29, 30, 0, 1, new InitialState.Normal(0, 1), 4);
        assertArrayEquals(run(new OpenClEngine(0, 64, 0, 0), adam).values(),
                run(new OpenClEngine(0, 5, 8, 10), adam).values(), "batches carry Adam's moments");
        // a shared batch staged in local memory by work-groups of 16 and 8, with idle work items past the last chain
        Plan shared = Plans.plan(target, new MinibatchGradient(12, true), new Sgld(), new Constant(1e-3), 1, 53, 40,
                10, 1, new InitialState.Normal(0, 0.5), 6);
        assertTrue(OpenClEngine.targetKernel(shared, OpenCl.device(0).localMemory()).options().contains("STAGE_BATCH"));
        InMemoryDraws staged = run(new OpenClEngine(0, 64, 0, 0), shared);
        assertArrayEquals(staged.values(), run(new OpenClEngine(0, 7, 16, 0), shared).values());
        assertArrayEquals(staged.values(), run(new OpenClEngine(0, 3, 8, 13), shared).values());
        InMemoryDraws first = run(new OpenClEngine(0), plan.slice(0, 21));
        InMemoryDraws second = run(new OpenClEngine(0), plan.slice(21, 32));
        EngineCases.assertSplitMatches(plain, first, second, 21);
    }

    /** Contract 5, as for the cpu engine: the same chains diverge (a float step may overflow one step earlier). */
    @Test
    void divergingChainsAreFrozenAndReportedAsTheReferenceDoes() throws Exception {
        Plan plan = Plans.plan(analytic("double-well", 3, "barrier=1"), new FullGradient(), new Sgld(),
                new Constant(0.09), 0.1, 40, 30, 0, 1, new InitialState.Uniform(-3.2, 3.2), 3);
        RunResult reference = new ReferenceEngine().run(plan, new InMemoryDraws(40, 30, 3), ProgressListener.NONE);
        InMemoryDraws draws = new InMemoryDraws(40, 30, 3);
        RunResult opencl = new OpenClEngine(0, 8, 0, 0).run(plan, draws, ProgressListener.NONE);
        assertFalse(reference.divergences().isEmpty(), "the case must make some chains diverge");
        assertTrue(reference.divergences().size() < 40, "and leave others finite");
        assertEquals(reference.divergences().size(), opencl.divergences().size());
        for (int i = 0; i < opencl.divergences().size(); i++) {
            Divergence expected = reference.divergences().get(i);
            Divergence actual = opencl.divergences().get(i);
            assertEquals(expected.chain(), actual.chain());
            assertTrue(actual.step() == expected.step() || actual.step() == expected.step() - 1,
                    "chain " + actual.chain() + " diverged at step " + actual.step() + ", the reference at " + expected.step());
            for (int t = actual.step() + 1; t < 30; t++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(Float.floatToIntBits(draws.get(actual.chain(), actual.step(), j)),
                            Float.floatToIntBits(draws.get(actual.chain(), t, j)), "a frozen chain moved");
                }
            }
        }
    }

    /**
     * The new samplers' device state survives launches and batches: sghmc's momentum and psgld's
     * average (auxiliary vector 0), and mala's acceptance counts, with state in private (d = 31)
     * and in global memory (d = 40, where mala saves theta in auxiliary vector 0).
     */
    @Test
    void samplersStateAndAcceptanceCountsSurviveLaunchesAndBatches() throws Exception {
        Target logistic = data("logistic-regression", TestData.breastCancer());
        Target wide = analytic("gaussian", 40, "sigma=0.5");
        for (Target target : List.of(logistic, wide)) {
            for (UpdateRule rule : List.of(new Mala(), new Sghmc(0.2, 0, 7), new Psgld(0.9, 1e-3))) {
                Plan plan = Plans.plan(target, new FullGradient(), rule, new Constant(target == wide ? 0.05 : 1e-3), 1,
                        29, 30, 10, 1, new InitialState.Normal(0, 0.5), 8);
                InMemoryDraws whole = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
                RunResult a = new OpenClEngine(0, 64, 0, 0).run(plan, whole, ProgressListener.NONE);
                InMemoryDraws split = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
                RunResult b = new OpenClEngine(0, 4, 8, 10).run(plan, split, ProgressListener.NONE);
                assertArrayEquals(whole.values(), split.values(), rule.name() + " on " + target.name());
                assertArrayEquals(a.accepted(), b.accepted(), rule.name() + " on " + target.name());
                if (rule instanceof Mala) {
                    assertTrue(java.util.Arrays.stream(a.accepted()).sum() > 0, "some proposals are accepted");
                }
            }
        }
    }

    /** Contract 6: the device's memory sets the batch size, and a chain that cannot fit is one clear sentence. */
    @Test
    void memoryPlanningSplitsTheChainsIntoBatchesThatFit() throws Exception {
        Plan plan = Plans.plan(analytic("gaussian", 100, ""), new FullGradient(), new Adam(), new Constant(0.01), 1,
                100_000, 1000, 500, 1, new InitialState.Normal(0, 1), 1);
        OpenClEngine engine = new OpenClEngine(0);
        OpenClEngine.MemoryPlan roomy = engine.plan(plan, 64L << 30, 16L << 30, 0);
        assertEquals(100_000, roomy.batchChains());
        OpenClEngine.MemoryPlan tight = engine.plan(plan, 100_000_000L, 1L << 30, 0);
        // per chain: state, gradient, two moments (4 x 400 bytes), a flag, an acceptance count, and one launch's K kept draws
        long perChain = 4L * 100 * (4 + tight.launchSteps()) + 8;
        assertEquals((long) (0.8 * 100_000_000L) / perChain, tight.batchChains());
        assertTrue(tight.batchChains() < plan.chains());
        assertTrue(tight.bytes() <= 0.8 * 100_000_000L);
        dev.langevin.error.ResourceLimitException e = assertThrows(dev.langevin.error.ResourceLimitException.class,
                () -> engine.plan(plan, 2_000, 2_000, 0));
        assertTrue(e.getMessage().startsWith("One chain of d = 100 needs"), e.getMessage());
    }

    @Test
    void aMissingDeviceIsOneClearSentence() {
        int count = OpenCl.devices().size();
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> OpenCl.device(count));
        assertTrue(e.getMessage().startsWith("OpenCL device " + count + " does not exist"), e.getMessage());
        assertEquals(java.util.List.of("device"), e.parameters());
    }

    /** The host binds advance's arguments by the names in ADVANCE_ARGUMENTS, which must be the kernel's own. */
    @Test
    void theKernelsArgumentsAreTheHostsList() throws Exception {
        OpenCl.Device device = OpenCl.device(0);
        Plan plan = Plans.plan(analytic("gaussian", 3, ""), new FullGradient(), new Sgld(), new Constant(0.01), 1, 8, 10,
                0, 1, new InitialState.Normal(0, 1), 1);
        org.jocl.cl_kernel kernel = CL.clCreateKernel(OpenClEngine.program(device,
                plan, OpenClEngine.targetKernel(plan, device.localMemory())), "advance", null);
        try {
            // PoCL reports the names (the program is built with -cl-kernel-arg-info), so the check compares them
            assertEquals(OpenClEngine.ADVANCE_ARGUMENTS, KernelArguments.declared(kernel));
            List<String> swapped = new java.util.ArrayList<>(OpenClEngine.ADVANCE_ARGUMENTS);
            java.util.Collections.swap(swapped, 0, 1);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new KernelArguments(kernel, "advance", swapped));
            assertTrue(e.getMessage().startsWith("The kernel advance takes (theta, grad, ") && e.getMessage()
                    .contains("but the host binds (grad, theta, "), e.getMessage());
            KernelArguments arguments = new KernelArguments(kernel, "advance", OpenClEngine.ADVANCE_ARGUMENTS);
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                    () -> arguments.set("steps", 1));
            assertEquals("The kernel advance has no argument steps.", unknown.getMessage());
        } finally {
            CL.clReleaseKernel(kernel);
        }
    }

    @Test
    void aKernelThatDoesNotBuildShowsTheCompilersLog() {
        OpenCl.Device device = OpenCl.device(0);
        cl_context_properties properties = new cl_context_properties();
        properties.addProperty(CL.CL_CONTEXT_PLATFORM, device.platform());
        cl_context context = CL.clCreateContext(properties, 1, new cl_device_id[] {device.id()}, null, null, null);
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Programs.build(context, device, "__kernel void k() { undeclared_name = 1; }", ""));
            assertTrue(e.getMessage().contains("undeclared_name"), e.getMessage());
        } finally {
            CL.clReleaseContext(context);
        }
    }
}
