/**
 * The reference engine: plain single-threaded Java, the executable specification every other engine is tested against.
 */
package dev.langevin.engine.reference;
