package dev.langevin.error;

import java.util.List;

/**
 * A parameter of a plan, model or algorithm that is out of range, unknown or inconsistent
 * with another. {@link #parameters()} names them in the library's vocabulary (for example
 * {@code stepSize}, {@code chains}, {@code friction}), the first being the one to change.
 */
public final class InvalidParameterException extends LangevinException {
    private static final long serialVersionUID = 1L;
    private final List<String> parameters;

    /**
     * @param parameter the parameter at fault
     * @param message   one sentence naming the parameter, the value and what is allowed
     */
    public InvalidParameterException(String parameter, String message) {
        this(List.of(parameter), message);
    }

    /**
     * @param parameters the parameters involved, the one to change first
     * @param message    one sentence
     */
    public InvalidParameterException(List<String> parameters, String message) {
        super(message, null);
        this.parameters = List.copyOf(parameters);
    }

    /** The parameters at fault, the one to change first. */
    public List<String> parameters() {
        return parameters;
    }

    /** Throws unless {@code condition} holds. */
    public static void require(boolean condition, String parameter, String message) {
        if (!condition) {
            throw new InvalidParameterException(parameter, message);
        }
    }
}
