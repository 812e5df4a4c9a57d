package dev.langevin.engine.cpu;

import dev.langevin.algorithm.Adam;
import dev.langevin.algorithm.Mala;
import dev.langevin.algorithm.Psgld;
import dev.langevin.algorithm.Sghmc;
import dev.langevin.algorithm.Sgnht;
import dev.langevin.engine.InitialState;
import dev.langevin.engine.LaunchSchedule;
import dev.langevin.engine.Plan;
import dev.langevin.rng.Noise;
import dev.langevin.rng.Stream;
import dev.langevin.target.Target;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One thread's share of the work: advances one block of {@link VectorNoise#LANES} chains at a
 * time through a launch, in block-local arrays (coordinate j of lane b at j * LANES + b) that
 * stay in the L1 cache for the launch's K steps. Each update is the float, vectorised twin of
 * the rule of the same name in {@code dev.langevin.algorithm} (the reference).
 *
 * <p>Chains that become non-finite are frozen as the reference freezes them: their state
 * after the diverging step is kept in a snapshot and restored after every later step. Lanes
 * past the last chain are frozen from the start.
 */
final class Worker {
    private static final VectorSpecies<Float> FLOATS = VectorNoise.FLOATS;
    private static final int LANES = VectorNoise.LANES;
    private static final FloatVector ONE = FloatVector.broadcast(FLOATS, 1f);
    private static final long ALL_LANES = LANES == 64 ? -1L : (1L << LANES) - 1;

    private final CpuEngine.Shared run;
    private final Plan plan;
    private final int dims;
    private final int chains;
    private final BlockGradient kernel;
    private final VectorNoise noise;
    private final Noise scalarNoise;
    private final float[] theta;
    private final float[] gradient;
    /** pSGLD's mean per-datum gradient; null for the other rules. */
    private final float[] rowMean;
    private final float[][] auxiliary;
    private final float[] snapshot;
    private final float[][] auxiliarySnapshot;
    /** The block's per-chain scalars (lane b at b), and their snapshot. */
    private final float[][] scalars;
    private final float[][] scalarSnapshot;
    /** One step's normals of the block, in the block layout. */
    private final float[] normals;
    private final Target target;
    private final float[] proposal;
    private final float[] proposalGradient;
    private final double[] point;
    private final float[] forward = new float[LANES];
    /** The block's lanes' factors of the step size and their square roots (StepGroups), or null. */
    private final double[] laneFactors;
    private final double[] laneRoots;
    private final float[] laneValues = new float[LANES];
    private final float[] backward = new float[LANES];
    /** The Philox words of the starting points of a block, for {@link #initialise}. */
    private int[] initialWords;

    Worker(CpuEngine.Shared run) {
        this.run = run;
        this.plan = run.plan;
        this.dims = plan.dim();
        this.chains = plan.chains();
        this.kernel = BlockGradient.create(plan.target(), plan.estimator(), plan.seed());
        this.noise = new VectorNoise(plan.seed());
        this.scalarNoise = new Noise(plan.seed());
        int size = dims * LANES;
        this.theta = new float[size];
        this.gradient = new float[size];
        this.rowMean = run.rule == CpuEngine.Rule.PSGLD ? new float[size] : null;
        this.snapshot = new float[size];
        this.auxiliary = new float[run.auxiliary.length][size];
        this.auxiliarySnapshot = new float[run.auxiliary.length][size];
        this.scalars = new float[run.scalars.length][LANES];
        this.scalarSnapshot = new float[run.scalars.length][LANES];
        this.target = plan.target();
        boolean mala = run.rule == CpuEngine.Rule.MALA;
        this.proposal = mala ? new float[size] : null;
        this.proposalGradient = mala ? new float[size] : null;
        this.point = new double[dims];
        this.normals = new float[VectorNoise.normalsLength(dims)];
        boolean perChain = plan.stepGroups() != null || plan.exchange() != null;
        this.laneFactors = perChain ? new double[LANES] : null;
        this.laneRoots = perChain ? new double[LANES] : null;
    }

    /**
     * base times each lane's factor of the step size (or, for noise scales, the square root of
     * that factor times the lane's temperature factor), rounded to float once: the broadcast of
     * (float) base when the chains share the step size and temperature.
     */
    private FloatVector lanes(double base, boolean root) {
        // small enough to inline, so that no vector crosses a call (one that does is boxed)
        if (laneFactors == null) {
            return FloatVector.broadcast(FLOATS, (float) base);
        }
        fillLanes(base, root);
        return FloatVector.fromArray(FLOATS, laneValues, 0);
    }

    private void fillLanes(double base, boolean root) {
        double[] factors = root ? laneRoots : laneFactors;
        for (int b = 0; b < LANES; b++) {
            laneValues[b] = (float) (base * factors[b]);
        }
    }

    /**
     * Writes the block's starting points (stream 4) into the shared state, rounded to float, a
     * quad of coordinates of every lane at a time, so that each coordinate's row is written in
     * one run of consecutive chains.
     */
    void initialise(int block) {
        int c0 = block * LANES;
        int valid = Math.min(LANES, chains - c0);
        InitialState init = plan.init();
        boolean fromBlocks = init instanceof InitialState.Uniform || init instanceof InitialState.Normal;
        int quads = (dims + 3) / 4;
        if (fromBlocks) {
            if (initialWords == null) {
                initialWords = new int[4 * quads * LANES];
            }
            noise.blocks(plan.firstChain() + c0, 0, 0, quads, Stream.INITIAL_STATE.id(), initialWords);
        }
        int[] words = new int[4];
        float[] normal = new float[4];
        double[] values = new double[4 * LANES];
        for (int quad = 0; quad < quads; quad++) {
            int count = Math.min(4, dims - 4 * quad);
            for (int b = 0; b < valid; b++) {
                if (fromBlocks) {
                    for (int w = 0; w < 4; w++) {
                        words[w] = initialWords[(4 * quad + w) * LANES + b];
                    }
                    startFromWords(init, words, normal, values, b);
                } else {
                    for (int r = 0; r < count; r++) {
                        values[r * LANES + b] = init.value(scalarNoise, plan.firstChain() + c0 + b, 4 * quad + r);
                    }
                }
            }
            for (int r = 0; r < count; r++) {
                int at = (4 * quad + r) * chains + c0;
                for (int b = 0; b < valid; b++) {
                    run.state[at + b] = (float) values[r * LANES + b];
                }
            }
        }
    }

    /**
     * {@link InitialState.Uniform#value} and {@link InitialState.Normal#value} bit for bit for
     * lane b's quad of coordinates, from its Philox block (read for all lanes at once, where the
     * scalar path spends most of its time on Philox, one block per chain and quad); the normals
     * are {@link Noise#boxMuller}'s, in double as the reference computes them.
     */
    private static void startFromWords(InitialState init, int[] words, float[] normal, double[] values, int b) {
        if (init instanceof InitialState.Normal n) {
            Noise.boxMuller(words, normal);
            for (int r = 0; r < 4; r++) {
                values[r * LANES + b] = n.at(normal[r]);
            }
        } else if (init instanceof InitialState.Uniform u) {
            for (int r = 0; r < 4; r++) {
                values[r * LANES + b] = u.at(Noise.toUniform(words[r]));
            }
        }
    }

    /** Advances the block's chains through the launch's K steps, storing kept draws in its buffer. */
    void advance(int block, CpuEngine.Launch launch) {
        LaunchSchedule steps = launch.steps();
        int c0 = block * LANES;
        int valid = Math.min(LANES, chains - c0);
        int chain0 = plan.firstChain() + c0;
        long validLanes = valid == LANES ? ALL_LANES : (1L << valid) - 1;
        if (laneFactors != null) {
            // each lane's factor f of the step size (StepGroups) and tau of the temperature (replica exchange): eta f,
            // and the noise scale sqrt(2 eta f T tau)
            for (int b = 0; b < LANES; b++) {
                boolean in = b < valid;
                laneFactors[b] = in && plan.stepGroups() != null ? plan.stepGroups().factor(chain0 + b) : 1;
                double tau = in && plan.exchange() != null ? plan.exchange().temperatureFactor(chain0 + b) : 1;
                laneRoots[b] = Math.sqrt(laneFactors[b] * tau);
            }
        }
        VectorMask<Float> inRange = VectorMask.fromLong(FLOATS, validLanes);
        gather(run.state, c0, inRange, theta);
        for (int a = 0; a < auxiliary.length; a++) {
            gather(run.auxiliary[a], c0, inRange, auxiliary[a]);
        }
        for (int k = 0; k < scalars.length; k++) {
            FloatVector.fromArray(FLOATS, run.scalars[k], c0, inRange).intoArray(scalars[k], 0);
        }
        long frozen = ALL_LANES & ~validLanes;
        for (int b = 0; b < valid; b++) {
            if (run.divergedAt[c0 + b] >= 0) {
                frozen |= 1L << b;
            }
        }
        if (frozen != 0) {
            save(ALL_LANES);
        }
        for (int i = 0; i < steps.fused(); i++) {
            int step = steps.start() + i;
            if (frozen != ALL_LANES) {
                kernel.gradient(theta, gradient, chain0, step);
                switch (run.rule) {
                    case SGLD -> sgld(chain0, step, steps.stepSizes()[i], steps.noiseScales()[i]);
                    case SGD -> sgd(steps.stepSizes()[i]);
                    case ADAM -> adam(steps.stepSizes()[i], steps.firstCorrection()[i], steps.secondCorrection()[i]);
                    case PSGLD -> psgld(chain0, step, steps.stepSizes()[i], steps.noiseScales()[i],
                            steps.secondCorrection()[i]);
                    case SGHMC -> sghmc(chain0, step, steps.stepSizes()[i], steps.noiseScales()[i]);
                    case SGNHT -> sgnht(chain0, step, steps.stepSizes()[i], steps.noiseScales()[i]);
                    case MALA -> mala(c0, chain0, step, steps.stepSizes()[i], steps.noiseScales()[i], valid, frozen);
                }
                if (frozen != 0) {
                    restore(frozen);
                }
                long diverged = nonFinite() & ~frozen;
                if (diverged != 0) {
                    for (int b = 0; b < valid; b++) {
                        if ((diverged >>> b & 1) != 0) {
                            run.divergedAt[c0 + b] = step;
                        }
                    }
                    frozen |= diverged;
                    save(diverged);
                }
            }
            int kept = steps.keptIndex()[i];
            if (kept >= 0) {
                scatter(theta, launch.drawBuffer()[kept], c0, inRange);
            }
        }
        scatter(theta, run.state, c0, inRange);
        for (int a = 0; a < auxiliary.length; a++) {
            scatter(auxiliary[a], run.auxiliary[a], c0, inRange);
        }
        for (int k = 0; k < scalars.length; k++) {
            FloatVector.fromArray(FLOATS, scalars[k], 0).intoArray(run.scalars[k], c0, inRange);
        }
    }

    /** Twin of {@link dev.langevin.algorithm.Sgld}: theta - eta grad + sqrt(2 eta T) xi. */
    private void sgld(int chain0, int step, float stepSize, float noiseScale) {
        if (noiseScale == 0) {
            sgd(stepSize);
            return;
        }
        FloatVector scale = lanes(noiseScale, true);
        FloatVector descent = lanes(-stepSize, false);
        noise.normals(chain0, step, Stream.LANGEVIN_NOISE.id(), dims, normals);
        for (int offset = 0; offset < dims * LANES; offset += LANES) {
            FloatVector x = FloatVector.fromArray(FLOATS, theta, offset);
            FloatVector g = FloatVector.fromArray(FLOATS, gradient, offset);
            FloatVector xi = FloatVector.fromArray(FLOATS, normals, offset);
            xi.fma(scale, g.fma(descent, x)).intoArray(theta, offset);
        }
    }

    /**
     * Twin of {@link Psgld}: V = alpha V + (1 - alpha) gbar^2 (gbar: the mean per-datum gradient),
     * G = 1 / (lambda + sqrt(V / (1 - alpha^(k+1)))), theta - eta G g + sqrt(2 eta T G) xi.
     */
    private void psgld(int chain0, int step, float stepSize, float noiseScale, float correction) {
        Psgld rule = (Psgld) plan.rule();
        float alpha = (float) rule.alpha();
        float keep = (float) (1 - rule.alpha());
        float lambda = (float) rule.lambda();
        float[] v = auxiliary[0];
        kernel.rowMean(theta, gradient, rowMean);
        FloatVector eta = lanes(stepSize, false);
        FloatVector scale = lanes(noiseScale, true);
        if (noiseScale != 0) {
            noise.normals(chain0, step, Stream.LANGEVIN_NOISE.id(), dims, normals);
        }
        for (int offset = 0; offset < dims * LANES; offset += LANES) {
            FloatVector g = FloatVector.fromArray(FLOATS, gradient, offset);
            FloatVector mean = FloatVector.fromArray(FLOATS, rowMean, offset);
            FloatVector average = FloatVector.fromArray(FLOATS, v, offset).mul(alpha).add(mean.mul(mean).mul(keep));
            average.intoArray(v, offset);
            FloatVector preconditioner = ONE.div(average.mul(correction).lanewise(VectorOperators.SQRT).add(lambda));
            FloatVector x = FloatVector.fromArray(FLOATS, theta, offset).sub(preconditioner.mul(g).mul(eta));
            if (noiseScale != 0) {
                FloatVector xi = FloatVector.fromArray(FLOATS, normals, offset);
                x = xi.mul(preconditioner.lanewise(VectorOperators.SQRT)).mul(scale).add(x);
            }
            x.intoArray(theta, offset);
        }
    }

    /**
     * Twin of {@link Sghmc}: v = (1 - alpha) v - eta g + sqrt(2 (alpha - beta) eta T) xi, theta + v,
     * after drawing v = eta / (2 - alpha) g + sqrt(2 eta T / (2 - alpha)) zeta (stream 3) at a refresh.
     */
    private void sghmc(int chain0, int step, float stepSize, float noiseScale) {
        Sghmc rule = (Sghmc) plan.rule();
        float[] v = auxiliary[0];
        if (rule.refreshes(step)) {
            FloatVector momentumScale = lanes(noiseScale / Math.sqrt(2 - rule.friction()), true);
            FloatVector drift = lanes(stepSize / (2 - rule.friction()), false);
            noise.normals(chain0, step, Stream.MOMENTUM.id(), dims, normals);
            for (int offset = 0; offset < dims * LANES; offset += LANES) {
                FloatVector g = FloatVector.fromArray(FLOATS, gradient, offset);
                FloatVector.fromArray(FLOATS, normals, offset).mul(momentumScale).add(g.mul(drift))
                        .intoArray(v, offset);
            }
        }
        float keep = (float) (1 - rule.friction());
        double noiseBase = noiseScale * Math.sqrt(rule.friction() - rule.noiseEstimate());
        boolean noisy = (float) noiseBase != 0;
        FloatVector scale = lanes(noiseBase, true);
        FloatVector eta = lanes(stepSize, false);
        if (noisy) {
            noise.normals(chain0, step, Stream.LANGEVIN_NOISE.id(), dims, normals);
        }
        for (int offset = 0; offset < dims * LANES; offset += LANES) {
            FloatVector g = FloatVector.fromArray(FLOATS, gradient, offset);
            FloatVector momentum = FloatVector.fromArray(FLOATS, v, offset).mul(keep).sub(g.mul(eta));
            if (noisy) {
                momentum = FloatVector.fromArray(FLOATS, normals, offset).mul(scale).add(momentum);
            }
            momentum.intoArray(v, offset);
            FloatVector.fromArray(FLOATS, theta, offset).add(momentum).intoArray(theta, offset);
        }
    }

    /**
     * Twin of {@link Sgnht}: the momentum drawn before step 0 and the thermostat set to a; then
     * v - xi v - eta g + sqrt(2 a eta T) zeta, theta + v, xi + (|v|^2 / d - eta T), with
     * eta T = noiseScale^2 / 2.
     */
    private void sgnht(int chain0, int step, float stepSize, float noiseScale) {
        Sgnht rule = (Sgnht) plan.rule();
        float[] v = auxiliary[0];
        float[] thermostat = scalars[0];
        float a = (float) rule.friction();
        if (step == 0) {
            FloatVector momentumScale = lanes(noiseScale / Math.sqrt(2), true);
            noise.normals(chain0, step, Stream.MOMENTUM.id(), dims, normals);
            for (int offset = 0; offset < dims * LANES; offset += LANES) {
                FloatVector.fromArray(FLOATS, normals, offset).mul(momentumScale).intoArray(v, offset);
            }
            java.util.Arrays.fill(thermostat, a);
        }
        FloatVector xi = FloatVector.fromArray(FLOATS, thermostat, 0);
        FloatVector keep = ONE.sub(xi);
        double noiseBase = noiseScale * Math.sqrt(rule.friction());
        boolean noisy = (float) noiseBase != 0;
        FloatVector scale = lanes(noiseBase, true);
        FloatVector eta = lanes(stepSize, false);
        FloatVector kinetic = FloatVector.zero(FLOATS);
        if (noisy) {
            noise.normals(chain0, step, Stream.LANGEVIN_NOISE.id(), dims, normals);
        }
        for (int offset = 0; offset < dims * LANES; offset += LANES) {
            FloatVector g = FloatVector.fromArray(FLOATS, gradient, offset);
            FloatVector momentum = FloatVector.fromArray(FLOATS, v, offset).mul(keep).sub(g.mul(eta));
            if (noisy) {
                momentum = FloatVector.fromArray(FLOATS, normals, offset).mul(scale).add(momentum);
            }
            momentum.intoArray(v, offset);
            kinetic = momentum.fma(momentum, kinetic);
            FloatVector.fromArray(FLOATS, theta, offset).add(momentum).intoArray(theta, offset);
        }
        // eta T = noiseScale^2 / 2, each lane's
        FloatVector noiseScales = lanes(noiseScale, true);
        xi.add(kinetic.div(dims).sub(noiseScales.mul(noiseScales).mul(0.5f))).intoArray(thermostat, 0);
    }

    /**
     * Twin of {@link Mala#step}: the proposal and both gradients in vectors, the potentials of
     * each lane's two points in double through the target, the test with stream 2's uniform.
     */
    private void mala(int c0, int chain0, int step, float stepSize, float noiseScale, int valid, long frozen) {
        FloatVector forwardSum = FloatVector.zero(FLOATS);
        FloatVector eta = lanes(stepSize, false);
        FloatVector descent = lanes(-stepSize, false);
        FloatVector scale = lanes(noiseScale, true);
        noise.normals(chain0, step, Stream.LANGEVIN_NOISE.id(), dims, normals);
        for (int offset = 0; offset < dims * LANES; offset += LANES) {
            FloatVector x = FloatVector.fromArray(FLOATS, theta, offset);
            FloatVector g = FloatVector.fromArray(FLOATS, gradient, offset);
            FloatVector y = FloatVector.fromArray(FLOATS, normals, offset).fma(scale, g.fma(descent, x));
            y.intoArray(proposal, offset);
            FloatVector residual = g.fma(eta, y.sub(x));
            forwardSum = residual.fma(residual, forwardSum);
        }
        kernel.gradient(proposal, proposalGradient, chain0, step);
        FloatVector backwardSum = FloatVector.zero(FLOATS);
        for (int offset = 0; offset < dims * LANES; offset += LANES) {
            FloatVector residual = FloatVector.fromArray(FLOATS, proposalGradient, offset)
                    .fma(eta, FloatVector.fromArray(FLOATS, theta, offset).sub(FloatVector.fromArray(FLOATS, proposal, offset)));
            backwardSum = residual.fma(residual, backwardSum);
        }
        forwardSum.intoArray(forward, 0);
        backwardSum.intoArray(backward, 0);
        double temperature = plan.temperatureAt(step);
        long accept = 0;
        for (int b = 0; b < valid; b++) {
            if ((frozen >>> b & 1) != 0) {
                continue;
            }
            double current = potential(theta, b);
            double proposed = potential(proposal, b);
            double logAlpha = -(proposed - current) / temperature
                    + ((double) forward[b] - backward[b]) / (4 * (double) laneStepSize(stepSize, b) * temperature);
            if (Math.log(scalarNoise.uniform(chain0 + b, step, 0, Stream.METROPOLIS)) < logAlpha) {
                accept |= 1L << b;
                if (step >= plan.burnIn()) {
                    run.accepted[c0 + b]++;
                }
            }
        }
        copyLanes(proposal, theta, accept);
    }

    /** Lane b's step size, rounded to float as {@link #lanes} rounds it. */
    private float laneStepSize(float stepSize, int b) {
        return laneFactors == null ? stepSize : (float) (stepSize * laneFactors[b]);
    }

    /** U at lane b's point, in double. */
    private double potential(float[] block, int b) {
        for (int j = 0; j < dims; j++) {
            point[j] = block[j * LANES + b];
        }
        return target.potential(point);
    }

    /** Twin of {@link dev.langevin.algorithm.Sgd}: theta - eta grad. */
    private void sgd(float stepSize) {
        FloatVector descent = lanes(-stepSize, false);
        for (int offset = 0; offset < dims * LANES; offset += LANES) {
            FloatVector x = FloatVector.fromArray(FLOATS, theta, offset);
            FloatVector.fromArray(FLOATS, gradient, offset).fma(descent, x).intoArray(theta, offset);
        }
    }

    /** Twin of {@link dev.langevin.algorithm.Adam}, with the bias corrections' reciprocals from the host. */
    private void adam(float stepSize, float firstCorrection, float secondCorrection) {
        float[] m = auxiliary[0];
        float[] v = auxiliary[1];
        FloatVector beta1 = FloatVector.broadcast(FLOATS, (float) Adam.BETA1);
        FloatVector beta2 = FloatVector.broadcast(FLOATS, (float) Adam.BETA2);
        float keep1 = (float) (1 - Adam.BETA1);
        float keep2 = (float) (1 - Adam.BETA2);
        FloatVector eta = lanes(stepSize, false);
        for (int offset = 0; offset < dims * LANES; offset += LANES) {
            FloatVector g = FloatVector.fromArray(FLOATS, gradient, offset);
            FloatVector first = FloatVector.fromArray(FLOATS, m, offset).fma(beta1, g.mul(keep1));
            FloatVector second = FloatVector.fromArray(FLOATS, v, offset).fma(beta2, g.mul(g).mul(keep2));
            first.intoArray(m, offset);
            second.intoArray(v, offset);
            FloatVector denominator = second.mul(secondCorrection).lanewise(VectorOperators.SQRT)
                    .add((float) Adam.EPSILON);
            FloatVector x = FloatVector.fromArray(FLOATS, theta, offset);
            x.sub(first.mul(firstCorrection).div(denominator).mul(eta)).intoArray(theta, offset);
        }
    }

    /**
     * Lanes with a non-finite coordinate: x * 0 is NaN exactly when x is infinite or NaN. Four
     * sums, since one would make every step wait out a chain of d dependent fused multiply-adds.
     */
    private long nonFinite() {
        FloatVector zero = FloatVector.zero(FLOATS);
        FloatVector sum0 = zero;
        FloatVector sum1 = zero;
        FloatVector sum2 = zero;
        FloatVector sum3 = zero;
        int size = dims * LANES;
        int offset = 0;
        for (; offset + 4 * LANES <= size; offset += 4 * LANES) {
            sum0 = FloatVector.fromArray(FLOATS, theta, offset).fma(zero, sum0);
            sum1 = FloatVector.fromArray(FLOATS, theta, offset + LANES).fma(zero, sum1);
            sum2 = FloatVector.fromArray(FLOATS, theta, offset + 2 * LANES).fma(zero, sum2);
            sum3 = FloatVector.fromArray(FLOATS, theta, offset + 3 * LANES).fma(zero, sum3);
        }
        for (; offset < size; offset += LANES) {
            sum0 = FloatVector.fromArray(FLOATS, theta, offset).fma(zero, sum0);
        }
        return sum0.add(sum1).add(sum2.add(sum3)).test(VectorOperators.IS_NAN).toLong();
    }

    private void save(long lanes) {
        copyLanes(theta, snapshot, lanes);
        for (int k = 0; k < scalars.length; k++) {
            copyScalars(scalars[k], scalarSnapshot[k], lanes);
        }
        for (int a = 0; a < auxiliary.length; a++) {
            copyLanes(auxiliary[a], auxiliarySnapshot[a], lanes);
        }
    }

    private void restore(long lanes) {
        copyLanes(snapshot, theta, lanes);
        for (int k = 0; k < scalars.length; k++) {
            copyScalars(scalarSnapshot[k], scalars[k], lanes);
        }
        for (int a = 0; a < auxiliary.length; a++) {
            copyLanes(auxiliarySnapshot[a], auxiliary[a], lanes);
        }
    }

    private static void copyScalars(float[] from, float[] to, long lanes) {
        VectorMask<Float> mask = VectorMask.fromLong(FLOATS, lanes);
        FloatVector.fromArray(FLOATS, to, 0).blend(FloatVector.fromArray(FLOATS, from, 0), mask).intoArray(to, 0);
    }

    private void copyLanes(float[] from, float[] to, long lanes) {
        VectorMask<Float> mask = VectorMask.fromLong(FLOATS, lanes);
        for (int offset = 0; offset < dims * LANES; offset += LANES) {
            FloatVector.fromArray(FLOATS, to, offset)
                    .blend(FloatVector.fromArray(FLOATS, from, offset), mask).intoArray(to, offset);
        }
    }

    /** Shared layout (coordinate j of chain c at j * chains + c) to block layout. */
    private void gather(float[] shared, int c0, VectorMask<Float> inRange, float[] local) {
        for (int j = 0; j < dims; j++) {
            FloatVector.fromArray(FLOATS, shared, j * chains + c0, inRange).intoArray(local, j * LANES);
        }
    }

    /** Block layout back to the shared layout, valid lanes only. */
    private void scatter(float[] local, float[] shared, int c0, VectorMask<Float> inRange) {
        for (int j = 0; j < dims; j++) {
            FloatVector.fromArray(FLOATS, local, j * LANES).intoArray(shared, j * chains + c0, inRange);
        }
    }
}
