package dev.langevin.error;

import java.nio.file.Path;

/**
 * A file or directory that cannot be written where it was asked for: its parent is a file, the
 * file system is read-only or full, permission is denied, or it holds something that must not
 * be replaced. Nothing that looks complete is left behind.
 */
public final class OutputException extends LangevinException {
    private static final long serialVersionUID = 1L;
    private final transient Path path;
    private final Reason reason;

    /** Why the output cannot go where it was asked for. */
    public enum Reason {
        /** The path cannot be created or written (a file in the way, permissions, a read-only or full disk). */
        UNWRITABLE,
        /** The directory exists and is not empty; it may be replaced only when asked to. */
        EXISTS,
        /** The directory holds files a run did not write; it is never replaced. */
        NOT_A_RUN
    }

    /**
     * @param path    where the output was to go
     * @param message one sentence naming it and why it cannot be written
     * @param cause   what the file system said, or null
     */
    public OutputException(Path path, String message, Throwable cause) {
        this(path, message, cause, Reason.UNWRITABLE);
    }

    /**
     * @param path    where the output was to go
     * @param message one sentence naming it and why it cannot be written
     * @param cause   what the file system said, or null
     * @param reason  why
     */
    public OutputException(Path path, String message, Throwable cause, Reason reason) {
        super(message, cause);
        this.path = path;
        this.reason = reason;
    }

    /** Why the output cannot go there. */
    public Reason reason() {
        return reason;
    }

    /** Where the output was to go. */
    public Path path() {
        return path;
    }
}
