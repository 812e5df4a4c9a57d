package dev.langevin.engine.tornadovm;

import uk.ac.manchester.tornado.api.common.TornadoFunctions;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/** A task with {@link ModelKernel#advance}'s parameters: a model's kernel, as {@link ModelKernels} loads it. */
@FunctionalInterface
public interface ModelTask extends TornadoFunctions.Task12<float[], float[], float[], float[], IntArray, FloatArray,
        FloatArray, IntArray, float[], float[], FloatArray, IntArray> {
}
