package dev.langevin.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A posterior written once in Java: U(theta) = prior(theta) + sum over rows i of row_i(theta),
 * up to a constant. This interface describes the model; its potential and gradient are the
 * static methods of its class in the kernel subset (see the package documentation), which
 * every engine calls. A model without data has only the prior term ({@link #rows()} is 0).
 *
 * <p>A model class has a public constructor taking ({@link dev.langevin.target.Params},
 * {@link dev.langevin.data.Dataset}), ({@link dev.langevin.target.Params}) or nothing; the
 * first receives the data, or null when none was given.
 */
public interface Model {
    /** The model's name, as run.json and the summary show it. */
    String name();

    /** Dimension d of theta. */
    int dim();

    /** Parameter names, {@code theta[0]} .. {@code theta[d-1]} unless the model says otherwise. */
    default List<String> parameterNames() {
        List<String> names = new ArrayList<>(dim());
        for (int j = 0; j < dim(); j++) {
            names.add("theta[" + j + "]");
        }
        return names;
    }

    /**
     * Names of the quantities the summary and the CmdStan CSV report, one per coordinate:
     * {@link #parameterNames} unless a coordinate is sampled on another scale than the one
     * reported. With it, give {@link #reported}.
     */
    default List<String> reportedNames() {
        return parameterNames();
    }

    /**
     * Coordinate j on the scale reported, from its sampled value: for a scale tau sampled as
     * log(tau), {@code j == 1 ? Math.exp(value) : value}. It must be increasing in the value (so
     * that reported quantiles are transformed quantiles). The identity unless overridden.
     */
    default double reported(int j, double value) {
        return value;
    }

    /** The flat parameter array {@code p} the kernel methods read (options, constants). */
    default float[] parameters() {
        return new float[0];
    }

    /** Number of data rows N; 0 for a model with only its prior term. */
    default int rows() {
        return 0;
    }

    /** Floats per data row in {@link #data()}. */
    default int rowLength() {
        return 0;
    }

    /** The data {@code x}, row-major: row i is {@code x[i * rowLength() .. (i + 1) * rowLength())}. */
    default float[] data() {
        return new float[0];
    }
}
