/**
 * Target densities as potentials U(theta) = -log pi(theta) and their gradients, analytic and data-driven, and the registry that builds them by name. Nothing here knows which engine runs it.
 */
package dev.langevin.target;
