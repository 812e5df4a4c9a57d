package dev.langevin.algorithm;

/** The standard normals xi_j of one chain at one step, addressed by coordinate (docs/DESIGN.md contract 2). */
@FunctionalInterface
public interface Normals {
    /** xi_j. */
    double normal(int coordinate);
}
