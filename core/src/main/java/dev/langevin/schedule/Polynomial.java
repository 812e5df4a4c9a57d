package dev.langevin.schedule;

/**
 * eta_k = a (b + k)^(-gamma), the decaying schedule of Welling and Teh (2011), "Bayesian
 * learning via stochastic gradient Langevin dynamics". For gamma in (1/2, 1] the
 * Robbins-Monro conditions sum eta_k = infinity and sum eta_k^2 < infinity hold.
 */
public record Polynomial(double a, double b, double gamma) implements StepSizeSchedule {
    /** Whether gamma satisfies the Robbins-Monro conditions. */
    public boolean robbinsMonro() {
        return gamma > 0.5 && gamma <= 1;
    }

    @Override
    public double stepSize(long step) {
        return a * Math.pow(b + step, -gamma);
    }

    @Override
    public String describe() {
        return "poly:a=" + a + ",b=" + b + ",gamma=" + gamma;
    }
}
