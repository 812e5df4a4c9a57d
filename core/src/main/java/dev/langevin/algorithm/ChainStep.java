package dev.langevin.algorithm;

import dev.langevin.target.Target;

/**
 * What an update rule sees at one step of one chain, on the reference engine: the chain's
 * position, auxiliary vectors and scalars (which the rule advances in place), the gradient estimate,
 * the step's constants and noise, and for the rules that need them the mean per-datum gradient
 * ({@link UpdateRule.State#rowMean}) and the target with a uniform for an accept test
 * ({@link UpdateRule.State#acceptTest}). One instance serves every chain and step of a run:
 * the engine fills it with {@link #at} before each step.
 */
public final class ChainStep {
    private final Target target;
    private final double[] theta;
    private final double[][] auxiliary;
    private final double[] scalars;
    private final double[] gradient;
    private final double[] rowMean;
    private final double[] proposal;
    private final double[] proposalGradient;
    private long step;
    private double stepSize;
    private double temperature;
    private Normals normals;
    private double uniform;

    /**
     * @param target the target
     * @param rule   the rule, for the number of auxiliary vectors
     */
    public ChainStep(Target target, UpdateRule rule) {
        int d = target.dim();
        this.target = target;
        this.theta = new double[d];
        this.auxiliary = new double[rule.auxiliaryVectors()][d];
        this.scalars = new double[rule.scalars()];
        this.gradient = new double[d];
        this.rowMean = new double[d];
        this.proposal = new double[d];
        this.proposalGradient = new double[d];
    }

    /**
     * Sets the step's constants.
     *
     * @param step        the global step index k, from 0
     * @param stepSize    eta_k
     * @param temperature T_k
     * @param normals     the chain's noise at this step
     * @param uniform     the chain's stream-2 uniform at this step (read only by rules with an accept test)
     * @return this
     */
    public ChainStep at(long step, double stepSize, double temperature, Normals normals, double uniform) {
        this.step = step;
        this.stepSize = stepSize;
        this.temperature = temperature;
        this.normals = normals;
        this.uniform = uniform;
        return this;
    }

    /** The target (its exact potential and gradient, for an accept test). */
    public Target target() {
        return target;
    }

    /** The chain's position, length d, advanced in place. */
    public double[] theta() {
        return theta;
    }

    /** The chain's auxiliary vectors ({@link UpdateRule.State#vectors}). */
    public double[][] auxiliary() {
        return auxiliary;
    }

    /** The chain's scalars ({@link UpdateRule.State#scalars}). */
    public double[] scalars() {
        return scalars;
    }

    /** The gradient estimate at theta. */
    public double[] gradient() {
        return gradient;
    }

    /** The mean per-datum gradient behind the estimate (filled only for rules whose state asks for it). */
    public double[] rowMean() {
        return rowMean;
    }

    /** Scratch for a proposal, length d. */
    public double[] proposal() {
        return proposal;
    }

    /** Scratch for the gradient at a proposal, length d. */
    public double[] proposalGradient() {
        return proposalGradient;
    }

    /** The global step index k. */
    public long step() {
        return step;
    }

    /** eta_k. */
    public double stepSize() {
        return stepSize;
    }

    /** T_k. */
    public double temperature() {
        return temperature;
    }

    /** The chain's normals at this step. */
    public Normals normals() {
        return normals;
    }

    /** The chain's stream-2 uniform at this step. */
    public double uniform() {
        return uniform;
    }
}
