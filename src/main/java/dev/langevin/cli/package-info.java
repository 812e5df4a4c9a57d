/**
 * The langevin command: run, compare, demo and targets.
 */
package dev.langevin.cli;
