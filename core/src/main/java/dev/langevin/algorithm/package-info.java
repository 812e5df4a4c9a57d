/**
 * Algorithms as the composition of a gradient estimator (full or minibatch) and an update rule (SGLD, and the optimiser baselines SGD and Adam).
 */
package dev.langevin.algorithm;
