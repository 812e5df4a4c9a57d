/**
 * The HTML report of a finished run: its plan, summary table, trace, rank and density plots,
 * diagnostics and, for 2-D analytic targets, the potential landscape, drawn with JFreeChart.
 */
package dev.langevin.report;
