/**
 * langevin: many stochastic gradient Langevin dynamics chains at once, and posterior summaries
 * that can be trusted. {@link dev.langevin.Sampler} is the Java API; the packages below hold the
 * models, the noise, the update rules, the engines, the diagnostics and the outputs.
 */
package dev.langevin;
