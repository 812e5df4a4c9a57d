package dev.langevin.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the langevin command in-process and captures what it prints, for tests. */
public final class Cli {
    /** Exit status and the two streams. */
    public record Result(int status, String out, String err) {
    }

    private Cli() {
    }

    /** langevin ARGS. */
    public static Result langevin(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }
}
