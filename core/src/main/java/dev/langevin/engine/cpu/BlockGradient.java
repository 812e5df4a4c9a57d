package dev.langevin.engine.cpu;

import dev.langevin.algorithm.ControlVariateGradient;
import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.model.ModelTarget;
import dev.langevin.target.Ackley;
import dev.langevin.target.CorrelatedGaussian;
import dev.langevin.target.DoubleWell;
import dev.langevin.target.Gaussian;
import dev.langevin.target.LinearRegression;
import dev.langevin.target.LogisticRegression;
import dev.langevin.target.Mixture;
import dev.langevin.target.Mlp;
import dev.langevin.target.Quadratic;
import dev.langevin.target.Rosenbrock;
import dev.langevin.target.Target;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * grad U_hat for one block of {@link #LANES} consecutive chains, one chain per SIMD lane, in
 * the block layout: coordinate j of lane b at {@code [j * LANES + b]}. Each subclass is the
 * float, vectorised twin of one target's {@code potentialGradient} in {@code dev.langevin.target}
 * (the reference); instances own scratch space, so each worker thread has its own.
 */
abstract class BlockGradient {
    static final VectorSpecies<Float> FLOATS = VectorNoise.FLOATS;
    static final int LANES = VectorNoise.LANES;

    /**
     * Writes grad U_hat(theta) of every lane.
     *
     * @param theta    the block's positions
     * @param gradient receives the block's gradients
     * @param chain0   global index of lane 0's chain (minibatch rows depend on it)
     * @param step     global step index
     */
    abstract void gradient(float[] theta, float[] gradient, int chain0, int step);

    /**
     * pSGLD's mean per-datum gradient of the rows behind a block's gradient ({@link
     * GradientEstimator#estimate(Target, double[], int, int, dev.langevin.rng.Noise, double[], double[])}):
     * for a target without data rows, the gradient itself.
     *
     * @param theta    the block's positions
     * @param gradient the block's gradients at theta, from {@link #gradient}
     * @param rowMean  receives the block's mean per-datum gradients
     */
    void rowMean(float[] theta, float[] gradient, float[] rowMean) {
        System.arraycopy(gradient, 0, rowMean, 0, rowMean.length);
    }

    /** Whether the cpu engine has a kernel for this target and estimator. */
    static boolean supports(Target target, GradientEstimator estimator) {
        boolean analytic = target instanceof Gaussian || target instanceof Quadratic
                || target instanceof CorrelatedGaussian || target instanceof Ackley || target instanceof Rosenbrock
                || target instanceof Mixture || target instanceof DoubleWell;
        boolean data = target instanceof LinearRegression || target instanceof LogisticRegression;
        if (target instanceof ModelTarget model) {
            return ModelGradient.supports(model, estimator);
        }
        return (analytic && estimator instanceof FullGradient)
                || (data && (estimator instanceof FullGradient || estimator instanceof MinibatchGradient
                        || estimator instanceof ControlVariateGradient));
    }

    /**
     * A new kernel (with its own scratch space) for a target and gradient estimator that
     * {@link #supports} accepts; {@link CpuEngine#unsupported} has told the user otherwise.
     */
    static BlockGradient create(Target target, GradientEstimator estimator, long seed) {
        return switch (target) {
            case Gaussian gaussian -> new GaussianGradient(gaussian);
            case Quadratic quadratic -> new QuadraticGradient(quadratic);
            case CorrelatedGaussian correlated -> new CorrelatedGaussianGradient(correlated);
            case Ackley ackley -> new AckleyGradient(ackley);
            case Rosenbrock rosenbrock -> new RosenbrockGradient(rosenbrock);
            case Mixture mixture -> new MixtureGradient(mixture);
            case DoubleWell well -> new DoubleWellGradient(well);
            case LinearRegression linear -> RegressionGradient.linear(linear, estimator, seed);
            case LogisticRegression logistic -> RegressionGradient.logistic(logistic, estimator, seed);
            case ModelTarget model when model.model() instanceof Mlp mlp -> new MlpGradient(model, mlp, estimator, seed);
            case ModelTarget model -> new ModelGradient(model, estimator, seed);
            default -> throw new IllegalStateException("no cpu kernel for target " + target.name());
        };
    }

    static FloatVector load(float[] array, int j) {
        return FloatVector.fromArray(FLOATS, array, j * LANES);
    }

    static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
