package dev.langevin.target;

import dev.langevin.model.Model;

import java.util.List;

/**
 * A built-in target, which is a {@link Model} like any other: its class has the kernel
 * methods in float ({@code priorPotential}, {@code priorGradient}, and for a data target
 * {@code rowPotential} and {@code addRowGradient}) over its flat parameter array
 * {@link #parameters()}, the one description of its constants that the engines read, with the
 * dimension d at {@code p[0]}. As a {@link Target} it also gives U and its gradient in double,
 * which the reference engine computes with (each step in double, rounded to float), and the
 * engines may add a faster path of their own (the cpu engine's Vector API kernels).
 */
public interface BuiltInModel extends Target, Model {
    @Override
    default List<String> parameterNames() {
        return Target.super.parameterNames();
    }

    @Override
    default List<String> reportedNames() {
        return Target.super.reportedNames();
    }

    @Override
    default double reported(int j, double value) {
        return value;
    }
}
