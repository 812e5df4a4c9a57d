/**
 * Plans, initial states, draw sinks and the Engine contract that every engine keeps.
 */
package dev.langevin.engine;
