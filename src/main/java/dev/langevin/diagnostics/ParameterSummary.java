package dev.langevin.diagnostics;

/**
 * Summary of one parameter over all kept draws of all non-divergent chains.
 *
 * @param name parameter name
 * @param mean sample mean
 * @param sd   sample standard deviation (n - 1)
 * @param q5   5% quantile (type 7, as R's quantile and posterior's quantile2)
 * @param q50  median
 * @param q95  95% quantile
 */
public record ParameterSummary(String name, double mean, double sd, double q5, double q50, double q95) {
}
