package dev.langevin.engine.reference;

import dev.langevin.algorithm.ChainStep;
import dev.langevin.algorithm.Normals;
import dev.langevin.algorithm.UpdateRule;
import dev.langevin.engine.Divergence;
import dev.langevin.engine.DrawSink;
import dev.langevin.engine.Engine;
import dev.langevin.engine.Plan;
import dev.langevin.engine.ReplicaExchange;
import dev.langevin.engine.ProgressListener;
import dev.langevin.engine.RunResult;
import dev.langevin.rng.Noise;
import dev.langevin.rng.Stream;
import dev.langevin.target.Target;

import java.util.ArrayList;
import java.util.List;

/**
 * The executable specification: one thread, plain Java, read it as the definition of a run.
 *
 * <p>State is float32 in the layout of docs/DESIGN.md contract 1; each step is computed in double
 * from the float state and rounded back to float, so every engine's float trajectory can be
 * compared with this one. Work proceeds in launches of K fused steps, as on a device: the host
 * evaluates eta_k and T_k for the launch (contract 3), then each chain advances K steps and
 * its kept draws are buffered and handed to the sink after the launch. K changes nothing in
 * the numbers.
 */
public final class ReferenceEngine implements Engine {
    /** Steps fused per launch unless told otherwise. */
    public static final int DEFAULT_LAUNCH_STEPS = 64;

    private final int launchSteps;

    /** An engine fusing {@link #DEFAULT_LAUNCH_STEPS} steps per launch. */
    public ReferenceEngine() {
        this(DEFAULT_LAUNCH_STEPS);
    }

    /** @param launchSteps steps K fused per launch, at least 1 */
    public ReferenceEngine(int launchSteps) {
        if (launchSteps < 1) {
            throw new IllegalArgumentException("launch steps must be at least 1, got " + launchSteps + ".");
        }
        this.launchSteps = launchSteps;
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public RunResult run(Plan plan, DrawSink sink, ProgressListener progress) {
        long start = System.nanoTime();
        Target target = plan.target();
        int chains = plan.chains();
        int dims = plan.dim();
        Noise noise = new Noise(plan.seed());
        float[] state = initialState(plan, noise);
        float[][] auxiliary = new float[plan.rule().auxiliaryVectors()][dims * chains];
        int[] divergedAt = new int[chains];
        java.util.Arrays.fill(divergedAt, -1);

        UpdateRule rule = plan.rule();
        UpdateRule.State needs = rule.state();
        ChainStep chainStep = new ChainStep(target, rule);
        double[] theta = chainStep.theta();
        double[][] aux = chainStep.auxiliary();
        double[] gradient = chainStep.gradient();
        double[] chainScalars = chainStep.scalars();
        float[][] scalars = new float[chainScalars.length][chains];
        ChainNormals normals = new ChainNormals(noise);
        int[] accepted = needs.acceptTest() ? new int[chains] : null;
        // per-chain factors of the step size (StepGroups), or null
        double[] factors = plan.chainFactors();
        // per-chain factors of the temperature (replica exchange's rungs), or null
        double[] heat = plan.chainTemperatureFactors();
        long[] swaps = plan.exchange() == null ? null : new long[plan.exchange().rungs() - 1];

        int fused;
        for (int launchStart = 0; launchStart < plan.steps(); launchStart += fused) {
            fused = plan.launchLength(launchStart, launchSteps);
            double[] stepSizes = new double[fused];
            double[] temperatures = new double[fused];
            plan.stepSize().fill(launchStart, stepSizes);
            for (int i = 0; i < fused; i++) {
                temperatures[i] = plan.temperatureAt(launchStart + i);
            }
            int firstDraw = -1;
            int keptDraws = 0;
            for (int i = 0; i < fused; i++) {
                if (plan.kept(launchStart + i)) {
                    firstDraw = keptDraws == 0 ? plan.drawIndex(launchStart + i) : firstDraw;
                    keptDraws++;
                }
            }
            float[][] drawBuffer = new float[keptDraws][dims * chains];

            for (int c = 0; c < chains; c++) {
                int chain = plan.firstChain() + c;
                gather(state, auxiliary, c, chains, theta, aux);
                for (int k = 0; k < chainScalars.length; k++) {
                    chainScalars[k] = scalars[k][c];
                }
                int kept = 0;
                for (int i = 0; i < fused; i++) {
                    int step = launchStart + i;
                    if (divergedAt[c] < 0) {
                        if (needs.rowMean()) {
                            plan.estimator().estimate(target, theta, chain, step, noise, gradient, chainStep.rowMean());
                        } else {
                            plan.estimator().estimate(target, theta, chain, step, noise, gradient);
                        }
                        normals.at(chain, step);
                        double u = needs.acceptTest() ? noise.uniform(chain, step, 0, Stream.METROPOLIS) : 0;
                        double eta = factors == null ? stepSizes[i] : stepSizes[i] * factors[c];
                        double temperature = heat == null ? temperatures[i] : temperatures[i] * heat[c];
                        boolean moved = rule.step(chainStep.at(step, eta, temperature, normals, u));
                        if (needs.acceptTest() && moved && step >= plan.burnIn()) {
                            accepted[c]++;
                        }
                        for (int k = 0; k < chainScalars.length; k++) {
                            chainScalars[k] = (float) chainScalars[k];
                        }
                        if (!roundToFloat(theta, aux)) {
                            divergedAt[c] = step;
                        }
                    }
                    if (plan.kept(step)) {
                        float[] draw = drawBuffer[kept++];
                        for (int j = 0; j < dims; j++) {
                            draw[j * chains + c] = (float) theta[j];
                        }
                    }
                }
                scatter(theta, aux, state, auxiliary, c, chains);
                for (int k = 0; k < chainScalars.length; k++) {
                    // stored in float, as the vectors are
                    scalars[k][c] = (float) chainScalars[k];
                }
            }
            for (int k = 0; k < keptDraws; k++) {
                sink.accept(firstDraw + k, drawBuffer[k], chains, dims);
            }
            if (plan.exchange() != null && plan.exchange().after(launchStart + fused - 1, plan.steps())) {
                ReplicaExchange.tally(swaps, plan.exchange().exchange(plan, launchStart + fused - 1, state));
            }
            progress.advanced(launchStart + fused, plan.steps());
        }

        List<Divergence> divergences = new ArrayList<>();
        for (int c = 0; c < chains; c++) {
            if (divergedAt[c] >= 0) {
                divergences.add(new Divergence(plan.firstChain() + c, divergedAt[c]));
            }
        }
        return new RunResult(state, divergences, (System.nanoTime() - start) * 1e-9, accepted, swaps);
    }

    /** theta_0 for every chain, rounded to float: stream 4 at (chain, step 0, coordinate). */
    static float[] initialState(Plan plan, Noise noise) {
        int chains = plan.chains();
        float[] state = new float[plan.dim() * chains];
        for (int c = 0; c < chains; c++) {
            for (int j = 0; j < plan.dim(); j++) {
                state[j * chains + c] = (float) plan.init().value(noise, plan.firstChain() + c, j);
            }
        }
        return state;
    }

    private static void gather(float[] state, float[][] auxiliary, int c, int chains, double[] theta, double[][] aux) {
        for (int j = 0; j < theta.length; j++) {
            theta[j] = state[j * chains + c];
        }
        for (int a = 0; a < aux.length; a++) {
            for (int j = 0; j < theta.length; j++) {
                aux[a][j] = auxiliary[a][j * chains + c];
            }
        }
    }

    private static void scatter(double[] theta, double[][] aux, float[] state, float[][] auxiliary, int c, int chains) {
        for (int j = 0; j < theta.length; j++) {
            state[j * chains + c] = (float) theta[j];
        }
        for (int a = 0; a < aux.length; a++) {
            for (int j = 0; j < theta.length; j++) {
                auxiliary[a][j * chains + c] = (float) aux[a][j];
            }
        }
    }

    /** Rounds the chain's vectors to float, as stored; false when theta is no longer finite. */
    private static boolean roundToFloat(double[] theta, double[][] aux) {
        boolean finite = true;
        for (int j = 0; j < theta.length; j++) {
            float value = (float) theta[j];
            theta[j] = value;
            finite &= Float.isFinite(value);
        }
        for (double[] vector : aux) {
            for (int j = 0; j < vector.length; j++) {
                vector[j] = (float) vector[j];
            }
        }
        return finite;
    }

    /** Stream 0 of one chain at one step, reusable so the hot loop allocates nothing. */
    private static final class ChainNormals implements Normals {
        private final Noise noise;
        private int chain;
        private int step;

        ChainNormals(Noise noise) {
            this.noise = noise;
        }

        void at(int chain, int step) {
            this.chain = chain;
            this.step = step;
        }

        @Override
        public double normal(int coordinate, Stream stream) {
            return noise.normal(chain, step, coordinate, stream);
        }
    }
}
