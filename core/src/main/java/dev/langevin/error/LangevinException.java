package dev.langevin.error;

/**
 * Input the library cannot use, or a resource it cannot get: the caller can fix it. The
 * message is one sentence a user can act on.
 */
public abstract sealed class LangevinException extends RuntimeException
        permits InvalidParameterException, InputFileException, OutputException, ResourceLimitException {
    private static final long serialVersionUID = 1L;

    LangevinException(String message, Throwable cause) {
        super(message, cause);
    }
}
