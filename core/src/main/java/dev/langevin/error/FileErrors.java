package dev.langevin.error;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** Turns what the file system reports into the reason of one sentence. */
public final class FileErrors {
    private FileErrors() {
    }

    /** Why an I/O operation failed, in a few words ("permission denied", "read-only file system", ...). */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof NotDirectoryException || e instanceof FileAlreadyExistsException) {
            Path p = e instanceof FileSystemException f && f.getFile() != null ? Path.of(f.getFile()) : null;
            return p != null && Files.isRegularFile(p) ? p + " is a file, not a directory" : "a file is in the way";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** An {@link OutputException}: "Cannot write PATH: REASON." */
    public static OutputException cannotWrite(Path path, IOException e) {
        return new OutputException(path, "Cannot write " + path + ": " + reason(e) + ".", e);
    }

    /** An {@link InputFileException}: "Cannot read PATH: REASON." */
    public static InputFileException cannotRead(Path path, IOException e) {
        return new InputFileException(path, "Cannot read " + path + ": " + reason(e) + ".", e);
    }
}
