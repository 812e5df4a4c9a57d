package dev.langevin.schedule;

/** eta_k = eta for every step. */
public record Constant(double stepSize) implements StepSizeSchedule {
    @Override
    public double stepSize(long step) {
        return stepSize;
    }

    @Override
    public String describe() {
        return "constant:eta=" + stepSize;
    }
}
