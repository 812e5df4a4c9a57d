package dev.langevin.error;

import java.util.List;

/**
 * A plan that needs more memory, disk or device memory than there is. The message gives the
 * sizes; {@link #parameters()} names what would make it fit, in the library's vocabulary.
 */
public final class ResourceLimitException extends LangevinException {
    private static final long serialVersionUID = 1L;
    private final List<String> parameters;

    /**
     * @param parameters what to change, most useful first (for example {@code drawsFile},
     *                   {@code thin}, {@code chains})
     * @param message    one sentence with the sizes involved
     */
    public ResourceLimitException(List<String> parameters, String message) {
        super(message, null);
        this.parameters = List.copyOf(parameters);
    }

    /** What would make the plan fit, most useful first. */
    public List<String> parameters() {
        return parameters;
    }
}
