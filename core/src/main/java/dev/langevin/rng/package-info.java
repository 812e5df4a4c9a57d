/**
 * Counter-based random numbers: the Philox4x32-10 block function and the noise addressed by (seed, chain, step, coordinate, stream) of docs/DESIGN.md contract 2.
 */
package dev.langevin.rng;
