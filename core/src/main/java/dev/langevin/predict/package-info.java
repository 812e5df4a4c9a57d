/**
 * Predictions on held-out data: a classifier's posterior predictive averaged over draws and
 * chains (Bayesian model averaging), and the metrics that judge it (accuracy, negative
 * log-likelihood, expected calibration error). Nothing here knows which engine made the draws.
 */
package dev.langevin.predict;
