package dev.langevin.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** run.json: the plan, seed, engine, versions and timings of a run, as nested maps. */
public final class RunJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunJson() {
    }

    /** Writes the record under a temporary name, renamed into place when complete. */
    public static void write(Path file, Map<String, Object> record) {
        AtomicFiles.write(file, temporary -> MAPPER.writeValue(temporary.toFile(), record));
    }

    /** Reads a record back (for tests and later commands). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> read(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), Map.class);
    }
}
