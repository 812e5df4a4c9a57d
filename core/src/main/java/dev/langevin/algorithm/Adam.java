package dev.langevin.algorithm;

/**
 * Adam (Kingma and Ba 2015, "Adam: a method for stochastic optimization", ICLR), a
 * noiseless optimiser baseline with the paper's defaults beta1 = 0.9, beta2 = 0.999,
 * epsilon = 1e-8 and bias correction; the learning rate is the schedule's eta_k.
 * Auxiliary vector 0 holds the first moment m, vector 1 the second moment v.
 */
public final class Adam implements UpdateRule {
    /** Decay of the first-moment estimate. */
    public static final double BETA1 = 0.9;
    /** Decay of the second-moment estimate. */
    public static final double BETA2 = 0.999;
    /** Added to sqrt(v_hat) to keep the division finite. */
    public static final double EPSILON = 1e-8;

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public State state() {
        return new State(java.util.List.of("m", "v"), java.util.List.of(), false, false);
    }

    @Override
    public boolean stochastic() {
        return false;
    }

    @Override
    public boolean step(ChainStep s) {
        double[] theta = s.theta();
        double[] gradient = s.gradient();
        double stepSize = s.stepSize();
        double[] m = s.auxiliary()[0];
        double[] v = s.auxiliary()[1];
        long t = s.step() + 1;
        double firstCorrection = 1 - Math.pow(BETA1, t);
        double secondCorrection = 1 - Math.pow(BETA2, t);
        for (int j = 0; j < theta.length; j++) {
            m[j] = BETA1 * m[j] + (1 - BETA1) * gradient[j];
            v[j] = BETA2 * v[j] + (1 - BETA2) * gradient[j] * gradient[j];
            theta[j] -= stepSize * (m[j] / firstCorrection) / (Math.sqrt(v[j] / secondCorrection) + EPSILON);
        }
        return true;
    }
}
