/**
 * The {@code cpu} engine: worker threads over blocks of chains, SIMD lanes across consecutive
 * chains through the Vector API ({@code jdk.incubator.vector}), vectorised Philox and
 * Box-Muller, and one vectorised gradient kernel per target, each the float twin of the
 * target's reference code.
 */
package dev.langevin.engine.cpu;
