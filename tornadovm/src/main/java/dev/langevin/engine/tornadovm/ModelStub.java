package dev.langevin.engine.tornadovm;

/**
 * The place of a model's class in {@link ModelKernel}: the four kernel methods of the model
 * package (dev.langevin.model), with their signatures and no bodies to speak of. This class
 * never runs. For each model, {@link ModelKernels} defines a class of this name in a class
 * loader of its own, made from the model's class file (its static methods, with the calls
 * TornadoVM cannot compile replaced by {@link DeviceMath}'s), and loads {@link ModelKernel}
 * again beside it, so that the kernel calls the model's methods directly.
 */
public final class ModelStub {
    private ModelStub() {
    }

    /** The model's prior term of U at the chain at {@code t}. */
    public static float priorPotential(float[] theta, int t, int stride, float[] p) {
        return 0f;
    }

    /** Writes the model's grad U_prior at {@code grad[g + j * stride]}. */
    public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
    }

    /** The model's row term of U for the row at {@code x[r]}. */
    public static float rowPotential(float[] theta, int t, int stride, float[] p, float[] x, int r) {
        return 0f;
    }

    /** Adds {@code weight} times the gradient of the model's row term at {@code grad[g + j * stride]}. */
    public static void addRowGradient(float[] theta, int t, int stride, float[] p, float[] x, int r, float weight,
                                      float[] grad, int g) {
    }
}
