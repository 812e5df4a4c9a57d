/**
 * Step size schedules eta_k, evaluated on the host and handed to engines per launch (docs/DESIGN.md contract 3).
 */
package dev.langevin.schedule;
