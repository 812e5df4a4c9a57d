package dev.langevin.error;

import java.nio.file.Path;

/**
 * A file that cannot be read, or whose contents cannot be used (a malformed line, a
 * truncated array, a directory where a file was expected). The message names the file and,
 * where there is one, the line.
 */
public non-sealed class InputFileException extends LangevinException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    /**
     * @param file    the file at fault
     * @param message one sentence naming it
     */
    public InputFileException(Path file, String message) {
        this(file, message, null);
    }

    /**
     * @param file    the file at fault
     * @param message one sentence naming it
     * @param cause   what the file system said
     */
    public InputFileException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
