package dev.langevin.schedule;

/**
 * The cosine cyclical schedule of Zhang, Li, Zhang, Chen, Wilson (2020), "Cyclical
 * stochastic gradient MCMC for Bayesian deep learning" (ICLR): with cycle length
 * L = ceil(S / M) for S total steps and M cycles,
 * eta_k = eta0 / 2 (cos(pi mod(k, L) / L) + 1).
 */
public record Cyclical(double initialStepSize, int cycles, long totalSteps) implements StepSizeSchedule {
    /** The cycle length L = ceil(S / M). */
    public long cycleLength() {
        return (totalSteps + cycles - 1) / cycles;
    }

    @Override
    public double stepSize(long step) {
        long length = cycleLength();
        return initialStepSize / 2 * (Math.cos(Math.PI * (step % length) / length) + 1);
    }

    @Override
    public String describe() {
        return "cyclic:eta0=" + initialStepSize + ",cycles=" + cycles;
    }
}
