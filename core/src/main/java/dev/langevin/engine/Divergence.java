package dev.langevin.engine;

/**
 * A chain whose state became NaN or infinite, and the step at which it did; from then on it
 * is frozen (docs/DESIGN.md contract 5).
 *
 * @param chain global chain index
 * @param step  step index, from 0
 */
public record Divergence(int chain, int step) {
}
