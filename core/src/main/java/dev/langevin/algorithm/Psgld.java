package dev.langevin.algorithm;

import dev.langevin.error.InvalidParameterException;

import java.util.Locale;

/**
 * Preconditioned SGLD (Li, Chen, Carlson, Carin 2016, "Preconditioned stochastic gradient
 * Langevin dynamics for deep neural networks", AAAI), with the RMSprop preconditioner of its
 * Algorithm 1, per coordinate, at step k:
 * <pre>
 *   V     <- alpha V + (1 - alpha) gbar^2
 *   G     =  1 / (lambda + sqrt(V / (1 - alpha^(k+1))))
 *   theta <- theta - eta G g + sqrt(2 eta T G) xi
 * </pre>
 * where g is the gradient estimate (prior plus N / n times the minibatch's sum) and gbar the
 * mean per-datum gradient of the minibatch, (1 / n) sum grad U_i, with neither the N scale nor
 * the prior, as in the paper ({@link GradientEstimator#estimate(dev.langevin.target.Target,
 * double[], int, int, dev.langevin.rng.Noise, double[], double[])}); a target without data rows
 * has only its prior, and gbar is then its whole gradient.
 *
 * <p>V starts at 0 (auxiliary vector 0) as in the paper, but is read divided by
 * 1 - alpha^(k+1), Adam's bias correction (Kingma and Ba 2015), so that G has its intended
 * scale 1 / |gbar| from the first step: without it, G at step k is about
 * 1 / (sqrt((1 - alpha) (k + 1)) |gbar|), a hundred times too large at the start with
 * alpha = 0.9999, which throws chains far out.
 *
 * <p>As in the paper's algorithm the correction term Gamma(theta), the divergence of G, is left
 * out. That biases the draws when G follows theta, which it does when V's window of about
 * 1 / (1 - alpha) steps is not long against the chain's relaxation time (about
 * 1 / (eta G) steps on a unit-scale target): on a standard Gaussian at eta = 0.01 the variance
 * comes out 27% too large with the paper's alpha = 0.99, 4% with 0.999 and 1.3% with 0.9999
 * (0.7% of which is the step's own bias); the default is therefore 0.9999. Smaller steps
 * mix more slowly in steps and need an alpha closer to 1 still (at eta = 0.001, 0.9999 leaves 4%).
 *
 * @param alpha  decay of the squared-gradient average, in (0, 1)
 * @param lambda added to sqrt(V), positive: bounds the preconditioner by 1 / lambda
 */
public record Psgld(double alpha, double lambda) implements UpdateRule {
    /** V's decay when none is given: a window of 10^4 steps, where the paper's 0.99 leaves a large bias (above). */
    public static final double DEFAULT_ALPHA = 0.9999;
    /** The paper's lambda. */
    public static final double DEFAULT_LAMBDA = 1e-5;

    /** Checks the parameters; the message names the option. */
    public Psgld {
        if (!(alpha > 0 && alpha < 1)) {
            throw new InvalidParameterException("alpha", "Alpha must lie in (0, 1), got " + alpha + ".");
        }
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw new InvalidParameterException("lambda", "Lambda must be positive, got " + lambda + ".");
        }
    }

    @Override
    public String name() {
        return "psgld";
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "psgld:alpha=%s,lambda=%s", alpha, lambda);
    }

    @Override
    public State state() {
        return new State(java.util.List.of("V"), java.util.List.of(), true, false);
    }

    @Override
    public boolean stochastic() {
        return true;
    }

    /** 1 / (1 - alpha^(k+1)), V's bias correction at step k. */
    public double correction(long step) {
        return 1 / (1 - Math.pow(alpha, step + 1.0));
    }

    /**
     * Advances theta by one step in place, with g the gradient estimate and gbar
     * ({@link ChainStep#rowMean}) the mean per-datum gradient of the rows behind it.
     */
    @Override
    public boolean step(ChainStep s) {
        double[] theta = s.theta();
        double[] gradient = s.gradient();
        double[] rowMean = s.rowMean();
        double[] v = s.auxiliary()[0];
        double stepSize = s.stepSize();
        double noiseScale = Math.sqrt(2 * stepSize * s.temperature());
        double correction = correction(s.step());
        for (int j = 0; j < theta.length; j++) {
            v[j] = alpha * v[j] + (1 - alpha) * rowMean[j] * rowMean[j];
            double preconditioner = 1 / (lambda + Math.sqrt(v[j] * correction));
            theta[j] = theta[j] - stepSize * preconditioner * gradient[j]
                    + noiseScale * Math.sqrt(preconditioner) * s.normals().normal(j);
        }
        return true;
    }
}
