/**
 * Checks of a device, run from the command line by {@code gpu-check.sh} (see {@code scripts/gpu-bundle}):
 * {@link dev.langevin.check.EquivalenceCheck} runs an engine against the reference on every
 * target and update rule (docs/DESIGN.md contract 4) and exits non-zero on any failure;
 * {@link dev.langevin.check.Throughput} measures the opencl engine's coordinate-steps per second
 * against the device's measured memory bandwidth and arithmetic rates.
 */
package dev.langevin.check;
