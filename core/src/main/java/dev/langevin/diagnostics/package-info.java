/**
 * Posterior summaries per parameter over the kept draws of non-divergent chains.
 */
package dev.langevin.diagnostics;
