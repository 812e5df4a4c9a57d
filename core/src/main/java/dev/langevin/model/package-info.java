/**
 * Your own model, written once in Java. A {@link dev.langevin.model.Model} says what a sampler
 * needs to know of a posterior and nothing more: its dimension and parameter names, and the
 * potential U(theta) = prior term + sum over data rows of a row term, with its gradient split
 * the same way, so that the engines (not the model) do minibatching, control variates, MALA's
 * accept step and tempering for every model alike.
 *
 * <h2>The kernel subset</h2>
 * The potential and its gradient are public static methods of the model's class, written in a
 * subset of Java that runs on the JVM and that a device compiler (TornadoVM) can translate:
 * static methods over flat {@code float[]} arrays with offsets; float and int arithmetic,
 * {@code Math}'s functions, loops and ifs; calls to other such static methods; no allocation,
 * no objects, no exceptions, no fields. Coordinate j of the chain is {@code theta[t + j * stride]}
 * (the engines keep many chains interleaved, chain index fastest), and a gradient is written at
 * {@code g + j * stride} of its array. {@code p} is the model's flat parameter array
 * ({@link dev.langevin.model.Model#parameters()}); {@code x} is its data, row i starting at
 * {@code r = i * rowLength()}. The four methods, with exactly these signatures:
 * <pre>
 * public static float priorPotential(float[] theta, int t, int stride, float[] p)
 * public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g)
 * // models with data rows only:
 * public static float rowPotential(float[] theta, int t, int stride, float[] p, float[] x, int r)
 * public static void addRowGradient(float[] theta, int t, int stride, float[] p, float[] x, int r,
 *                                   float weight, float[] grad, int g)
 * </pre>
 * {@code priorGradient} writes grad U_prior; {@code addRowGradient} adds {@code weight} times
 * grad U_i. {@link dev.langevin.model.Kernels} finds them and checks their signatures.
 */
package dev.langevin.model;
