/**
 * The langevin command: run, compare, demo, targets and report.
 */
package dev.langevin.cli;
