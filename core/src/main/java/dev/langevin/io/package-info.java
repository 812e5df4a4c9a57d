/**
 * Files a run writes: draws.npy, summary.csv, run.json, and output directories that appear only when complete.
 */
package dev.langevin.io;
