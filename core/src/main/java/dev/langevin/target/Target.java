package dev.langevin.target;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A target density pi(theta), given by its potential U(theta) = -log pi(theta) up to a
 * constant, and the potential's gradient. Targets know nothing of chains or engines: they
 * are functions of one parameter vector, and safe to call from several threads at once.
 */
public interface Target {
    /** The target's registry name, for example {@code gaussian}. */
    String name();

    /** Dimension d of theta. */
    int dim();

    /** U(theta) = -log pi(theta) + const. */
    double potential(double[] theta);

    /** Writes grad U(theta) into {@code gradient} (length d). */
    void potentialGradient(double[] theta, double[] gradient);

    /** Parameter names, {@code theta[0]} .. {@code theta[d-1]} unless a target says otherwise. */
    default List<String> parameterNames() {
        List<String> names = new ArrayList<>(dim());
        for (int j = 0; j < dim(); j++) {
            names.add("theta[" + j + "]");
        }
        return names;
    }

    /**
     * Names of the quantities the summary reports, one per coordinate: {@link #parameterNames}
     * unless a coordinate is sampled on another scale than the one reported (a scale sampled as
     * log(tau) is reported as tau).
     */
    default List<String> reportedNames() {
        return parameterNames();
    }

    /**
     * Coordinate j on the scale the summary reports, from its sampled value (the identity
     * unless the target says otherwise). A transform must be increasing, so that the reported
     * quantiles are the transformed quantiles.
     */
    default double reported(int j, double value) {
        return value;
    }

    /** Whether {@link #reported} is not the identity for some coordinate. */
    default boolean transformsReports() {
        return false;
    }

    /** The global minimiser of U, when known (used by {@code langevin compare}). */
    default Optional<double[]> optimum() {
        return Optional.empty();
    }
}
