/**
 * Data sets: reading numeric tables with line-numbered errors, and standardisation of features.
 */
package dev.langevin.data;
