package dev.langevin.data;

import dev.langevin.error.InputFileException;

import java.nio.file.Path;

/** A data file that cannot be read as numbers; the message names the file and the line. */
public final class DataFormatException extends InputFileException {
    private static final long serialVersionUID = 1L;

    /** @param message one sentence naming the file and the line */
    public DataFormatException(String message) {
        super(null, message);
    }

    /**
     * @param file    the file at fault
     * @param message one sentence naming the file and the line
     */
    public DataFormatException(Path file, String message) {
        super(file, message);
    }
}
