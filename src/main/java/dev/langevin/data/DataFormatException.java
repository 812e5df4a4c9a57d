package dev.langevin.data;

/** A data file that cannot be read as numbers; the message names the file and the line. */
public final class DataFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message one sentence naming the file and the line */
    public DataFormatException(String message) {
        super(message);
    }
}
