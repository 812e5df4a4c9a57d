package dev.langevin.engine.tornadovm;

import uk.ac.manchester.tornado.api.common.TornadoFunctions;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * A task with {@link Kernels#advance}'s parameters, for a target of your own: a static method
 * that TornadoVM compiles. Write the target's gradient as a plain static Java method and call
 * it from a loop like {@link Kernels#advance}'s (see the README and
 * {@code tornadovm/src/test/java/dev/langevin/engine/tornadovm/example/Himmelblau.java}), then pass
 * the method reference to {@link TornadoEngine#TornadoEngine(int, int, AdvanceKernel, float[])}.
 */
@FunctionalInterface
public interface AdvanceKernel extends TornadoFunctions.Task13<FloatArray, FloatArray, FloatArray, FloatArray, IntArray,
        FloatArray, FloatArray, IntArray, FloatArray, FloatArray, FloatArray, FloatArray, IntArray> {
}
