package dev.langevin.model;

import dev.langevin.error.InvalidParameterException;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * A model class's kernel methods (see the package documentation), found by name and
 * signature and bound to small interfaces that the JVM engines call without reflection.
 *
 * @param priorPotential the prior term of U
 * @param priorGradient  writes grad U_prior
 * @param rowPotential   row i's term of U; null for a model without data
 * @param rowGradient    adds weight times grad U_i; null for a model without data
 */
public record Kernels(PriorPotential priorPotential, PriorGradient priorGradient, RowPotential rowPotential,
                      RowGradient rowGradient) {
    /** {@code float priorPotential(float[] theta, int t, int stride, float[] p)}. */
    @FunctionalInterface
    public interface PriorPotential {
        /** The prior term of U at the chain at {@code t} with the given stride. */
        float apply(float[] theta, int t, int stride, float[] p);
    }

    /** {@code void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g)}. */
    @FunctionalInterface
    public interface PriorGradient {
        /** Writes grad U_prior at {@code grad[g + j * stride]}. */
        void apply(float[] theta, int t, int stride, float[] p, float[] grad, int g);
    }

    /** {@code float rowPotential(float[] theta, int t, int stride, float[] p, float[] x, int r)}. */
    @FunctionalInterface
    public interface RowPotential {
        /** Row term of U for the row starting at {@code x[r]}. */
        float apply(float[] theta, int t, int stride, float[] p, float[] x, int r);
    }

    /** {@code void addRowGradient(float[] theta, int t, int stride, float[] p, float[] x, int r, float weight, float[] grad, int g)}. */
    @FunctionalInterface
    public interface RowGradient {
        /** Adds {@code weight} times the gradient of the row term at {@code grad[g + j * stride]}. */
        void apply(float[] theta, int t, int stride, float[] p, float[] x, int r, float weight, float[] grad, int g);
    }

    private static final MethodType PRIOR_POTENTIAL = MethodType.methodType(float.class, float[].class, int.class,
            int.class, float[].class);
    private static final MethodType PRIOR_GRADIENT = MethodType.methodType(void.class, float[].class, int.class,
            int.class, float[].class, float[].class, int.class);
    private static final MethodType ROW_POTENTIAL = MethodType.methodType(float.class, float[].class, int.class,
            int.class, float[].class, float[].class, int.class);
    private static final MethodType ROW_GRADIENT = MethodType.methodType(void.class, float[].class, int.class,
            int.class, float[].class, float[].class, int.class, float.class, float[].class, int.class);

    /**
     * The kernel methods of {@code type}; the row methods are required when {@code withRows}.
     *
     * @throws InvalidParameterException naming the class and the method that is missing or has
     *                                   another signature
     */
    public static Kernels of(Class<?> type, boolean withRows) {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        return new Kernels(
                bind(lookup, type, "priorPotential", PRIOR_POTENTIAL, PriorPotential.class, true),
                bind(lookup, type, "priorGradient", PRIOR_GRADIENT, PriorGradient.class, true),
                bind(lookup, type, "rowPotential", ROW_POTENTIAL, RowPotential.class, withRows),
                bind(lookup, type, "addRowGradient", ROW_GRADIENT, RowGradient.class, withRows));
    }

    private static <T> T bind(MethodHandles.Lookup lookup, Class<?> type, String name, MethodType signature,
                              Class<T> face, boolean required) {
        Method method = find(type, name);
        if (method == null) {
            if (required) {
                throw new InvalidParameterException("model", "Model class " + type.getName() + " has no method "
                        + describe(name, signature) + ".");
            }
            return null;
        }
        if (!Modifier.isStatic(method.getModifiers()) || !Modifier.isPublic(method.getModifiers())
                || !MethodType.methodType(method.getReturnType(), method.getParameterTypes()).equals(signature)) {
            throw new InvalidParameterException("model", "Model class " + type.getName() + "'s " + name
                    + " must be " + describe(name, signature) + " (the kernel subset: public static, flat float arrays"
                    + " and int offsets).");
        }
        MethodHandle handle;
        try {
            handle = lookup.unreflect(method);
        } catch (IllegalAccessException e) {
            throw new InvalidParameterException("model", "Model class " + type.getName() + "'s " + name
                    + " cannot be called (" + e.getMessage() + "); the class and the method must be public.");
        }
        // exact invocations of a handle: no boxing, and the class may live in any class loader
        Object bound = switch (name) {
            case "priorPotential" -> (PriorPotential) (theta, t, stride, p) -> {
                try {
                    return (float) handle.invokeExact(theta, t, stride, p);
                } catch (Throwable e) {
                    throw rethrow(e, type, name);
                }
            };
            case "priorGradient" -> (PriorGradient) (theta, t, stride, p, grad, g) -> {
                try {
                    handle.invokeExact(theta, t, stride, p, grad, g);
                } catch (Throwable e) {
                    throw rethrow(e, type, name);
                }
            };
            case "rowPotential" -> (RowPotential) (theta, t, stride, p, x, r) -> {
                try {
                    return (float) handle.invokeExact(theta, t, stride, p, x, r);
                } catch (Throwable e) {
                    throw rethrow(e, type, name);
                }
            };
            default -> (RowGradient) (theta, t, stride, p, x, r, weight, grad, g) -> {
                try {
                    handle.invokeExact(theta, t, stride, p, x, r, weight, grad, g);
                } catch (Throwable e) {
                    throw rethrow(e, type, name);
                }
            };
        };
        return face.cast(bound);
    }

    /**
     * What a model's own method threw is the model's to fix: one sentence naming the class, the
     * method, the exception and where in the model's source it was thrown.
     */
    private static RuntimeException rethrow(Throwable e, Class<?> type, String name) {
        if (e instanceof dev.langevin.error.LangevinException known) {
            return known;
        }
        if (e instanceof Error error && !(e instanceof StackOverflowError)) {
            throw error;
        }
        String where = "";
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().equals(type.getName()) && frame.getFileName() != null) {
                where = " at " + frame.getFileName() + ":" + frame.getLineNumber();
                break;
            }
        }
        return new InvalidParameterException("model", "Model class " + type.getName() + "'s " + name + " threw "
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")") + where
                + "; the kernel subset has no exceptions ('langevin check-model' calls the methods at random points).");
    }

    /** The static method of that name (a class may also have instance methods of the name), else any. */
    private static Method find(Class<?> type, String name) {
        Method any = null;
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                if (Modifier.isStatic(m.getModifiers())) {
                    return m;
                }
                any = m;
            }
        }
        return any;
    }

    private static String describe(String name, MethodType signature) {
        StringBuilder text = new StringBuilder("public static ").append(signature.returnType().getSimpleName())
                .append(' ').append(name).append('(');
        for (int i = 0; i < signature.parameterCount(); i++) {
            text.append(i == 0 ? "" : ", ").append(signature.parameterType(i).getSimpleName());
        }
        return text.append(')').toString();
    }
}
