package dev.langevin.engine.cpu;

import dev.langevin.rng.Noise;
import dev.langevin.rng.Stream;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The vectorised noise against {@link Noise}, the scalar definition of docs/DESIGN.md contract 2. */
class VectorNoiseTest {
    private static final int LANES = VectorNoise.LANES;

    @Test
    void bitsEqualTheScalarGeneratorForEveryLane() {
        SplittableRandom random = new SplittableRandom(11);
        int[] out = new int[4 * LANES];
        for (int trial = 0; trial < 2000; trial++) {
            long seed = random.nextLong();
            // chain indices up to 2^31 - LANES, steps and coordinates over their whole range
            int chain0 = random.nextInt(Integer.MAX_VALUE - LANES);
            int step = trial % 3 == 0 ? random.nextInt() & Integer.MAX_VALUE : random.nextInt(10_000);
            int quad = random.nextInt(1 << 20);
            Stream stream = Stream.values()[random.nextInt(Stream.values().length)];
            new VectorNoise(seed).bits(chain0, step, quad, stream.id(), out);
            Noise noise = new Noise(seed);
            for (int b = 0; b < LANES; b++) {
                for (int w = 0; w < 4; w++) {
                    assertEquals(noise.bits(chain0 + b, step, 4 * quad + w, stream), out[w * LANES + b],
                            "seed " + seed + " chain " + (chain0 + b) + " step " + step + " word " + w);
                }
            }
        }
    }

    @Test
    void normalsAreTheReferenceNormalsToAFewFloatUlps() {
        VectorNoise vector = new VectorNoise(5);
        Noise noise = new Noise(5);
        float[] out = new float[4 * LANES];
        double worst = 0;
        for (int step = 0; step < 20_000; step++) {
            int chain0 = (step * 7919) % 100_000;
            vector.normals(chain0, step, step % 13, Stream.LANGEVIN_NOISE.id(), 4, out);
            for (int b = 0; b < LANES; b++) {
                for (int r = 0; r < 4; r++) {
                    int coordinate = 4 * (step % 13) + r;
                    float expected = noise.normal(chain0 + b, step, coordinate, Stream.LANGEVIN_NOISE);
                    float partner = noise.normal(chain0 + b, step, coordinate ^ 1, Stream.LANGEVIN_NOISE);
                    float actual = out[r * LANES + b];
                    // float Box-Muller: log, sqrt, cos and sin each within an ulp or so; the angle's
                    // rounding moves a normal by up to radius * 2^-23
                    double radius = Math.hypot(expected, partner);
                    double error = Math.abs(actual - expected) / Math.max(1, radius);
                    worst = Math.max(worst, error);
                }
                // Box-Muller's definition from the Philox words themselves, not from Noise's Box-Muller:
                // a pair (z0, z1) from words (w0, w1) has z0^2 + z1^2 = -2 ln u0 and angle 2 pi u1
                for (int pair = 0; pair < 4; pair += 2) {
                    int coordinate = 4 * (step % 13) + pair;
                    double u0 = Noise.toUniform(noise.bits(chain0 + b, step, coordinate, Stream.LANGEVIN_NOISE));
                    double u1 = Noise.toUniform(noise.bits(chain0 + b, step, coordinate + 1, Stream.LANGEVIN_NOISE));
                    double z0 = out[pair * LANES + b];
                    double z1 = out[(pair + 1) * LANES + b];
                    double squared = -2 * Math.log(u0);
                    assertEquals(squared, z0 * z0 + z1 * z1, 2e-6 * Math.max(1, squared), "radius of pair " + pair);
                    if (squared > 1e-6) {
                        double angle = Math.atan2(z1, z0);
                        double turn = (angle < 0 ? angle + 2 * Math.PI : angle) / (2 * Math.PI);
                        double difference = Math.abs(turn - u1);
                        assertEquals(0, Math.min(difference, 1 - difference), 1e-6 / Math.sqrt(squared),
                                "angle of pair " + pair);
                    }
                }
            }
        }
        assertTrue(worst < 4e-7, "largest normalised error " + worst);
    }

    @Test
    void aWholeStepGivesTheNormalsOfItsQuadsBitForBit() {
        VectorNoise whole = new VectorNoise(9);
        VectorNoise byQuad = new VectorNoise(9);
        float[] quad = new float[4 * LANES];
        for (int dims : new int[] {1, 2, 3, 4, 7, 100, 101}) {
            float[] out = new float[VectorNoise.normalsLength(dims)];
            for (int step = 0; step < 50; step++) {
                int chain0 = 3 * step * LANES;
                whole.normals(chain0, step, Stream.MOMENTUM.id(), dims, out);
                for (int j = 0; j < dims; j++) {
                    if (j % 4 == 0) {
                        byQuad.normals(chain0, step, j / 4, Stream.MOMENTUM.id(), Math.min(4, dims - j), quad);
                    }
                    for (int b = 0; b < LANES; b++) {
                        assertEquals(Float.floatToRawIntBits(quad[j % 4 * LANES + b]),
                                Float.floatToRawIntBits(out[j * LANES + b]), "d " + dims + " coordinate " + j);
                    }
                }
            }
        }
    }

    @Test
    void uniformsNearOneKeepTheirPrecision() {
        // words whose top 24 bits are 2^24 - 1 give u0 = 1 - 2^-25: radius sqrt(2^-24) = 2^-12, not 0
        float[] out = new float[4 * LANES];
        Noise noise = new Noise(3);
        VectorNoise vector = new VectorNoise(3);
        int found = 0;
        for (int step = 0; step < 400_000 && found < 5; step++) {
            vector.normals(0, step, 0, 0, 4, out);
            for (int b = 0; b < LANES; b++) {
                int word = noise.bits(b, step, 0, Stream.LANGEVIN_NOISE);
                if ((word >>> 8) >= (1 << 24) - 64) {
                    found++;
                    float expected = noise.normal(b, step, 0, Stream.LANGEVIN_NOISE);
                    assertEquals(expected, out[b], 1e-6 * Math.abs(expected) + 1e-9);
                }
            }
        }
        assertTrue(found > 0);
    }
}
