package dev.langevin.algorithm;

import dev.langevin.rng.Stream;

/** The standard normals of one chain at one step, addressed by coordinate and stream (docs/DESIGN.md contract 2). */
public interface Normals {
    /** xi_j of a stream. */
    double normal(int coordinate, Stream stream);

    /** xi_j of the Langevin noise, stream 0. */
    default double normal(int coordinate) {
        return normal(coordinate, Stream.LANGEVIN_NOISE);
    }
}
