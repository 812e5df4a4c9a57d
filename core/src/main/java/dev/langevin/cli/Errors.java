package dev.langevin.cli;

import dev.langevin.error.InputFileException;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.error.LangevinException;
import dev.langevin.error.OutputException;
import dev.langevin.error.ResourceLimitException;

import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns what a command throws into one or two lines and an exit status: the library's
 * sentence, then the option to change. A bug says "internal error" and where its trace went.
 */
final class Errors {
    /** The command-line option of each library parameter, where the two names differ or both exist. */
    private static final Map<String, String> OPTIONS = Map.ofEntries(
            Map.entry("target", "--target"), Map.entry("dimension", "--dim"), Map.entry("data", "--data"),
            Map.entry("labels", "--labels"), Map.entry("skipRows", "--skip-rows"),
            Map.entry("labelColumn", "--label-column"), Map.entry("standardize", "--standardize"),
            Map.entry("priorSd", "--prior-sd"), Map.entry("batchSize", "--batch-size"),
            Map.entry("sharedBatch", "--shared-batch"), Map.entry("stepSize", "--step-size"),
            Map.entry("schedule", "--schedule"), Map.entry("temperature", "--temperature"),
            Map.entry("temperatureSchedule", "--temperature-schedule"), Map.entry("replicas", "--replicas"),
            Map.entry("exchangeEvery", "--exchange-every"),
            Map.entry("chains", "--chains"), Map.entry("steps", "--steps"), Map.entry("burnIn", "--burn-in"),
            Map.entry("thin", "--thin"), Map.entry("init", "--init"), Map.entry("seed", "--seed"),
            Map.entry("engine", "--engine"), Map.entry("device", "--device"), Map.entry("algorithm", "--algorithm"),
            Map.entry("algorithms", "--algorithms"), Map.entry("alpha", "--alpha"), Map.entry("lambda", "--lambda"),
            Map.entry("friction", "--friction"), Map.entry("noiseEstimate", "--noise-estimate"),
            Map.entry("resampleEvery", "--resample-momentum"), Map.entry("exploration", "--exploration"),
            Map.entry("cycles", "--cycles"), Map.entry("modeSteps", "--mode-steps"),
            Map.entry("modeStepSize", "--mode-step-size"), Map.entry("superchains", "--superchains"),
            Map.entry("names", "--names"), Map.entry("drawsFile", "--out"), Map.entry("format", "--format"),
            Map.entry("radius", "--radius"), Map.entry("adamStepSize", "--adam-step-size"),
            Map.entry("model", "--model"), Map.entry("modelClass", "--model-class"),
            Map.entry("holdout", "--holdout"));

    private Errors() {
    }

    /** Prints what went wrong and returns the exit status. */
    static int report(Exception ex, CommandLine command, ParseResult parsed, PrintWriter err) {
        Throwable e = ex;
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            e = u.getCause();
        }
        if (e instanceof LangevinException known) {
            err.println("langevin: " + known.getMessage());
            String hint = hint(known, command, parsed);
            if (hint != null) {
                err.println(hint);
            }
            return Main.BAD_INPUT;
        }
        if (e instanceof FileSystemException fs) {
            // the file system refused something the command did not foresee: the user's to fix, not a bug
            err.println("langevin: " + (fs.getFile() == null ? "" : fs.getFile() + ": ")
                    + dev.langevin.error.FileErrors.reason(fs) + ".");
            return Main.BAD_INPUT;
        }
        return internal(e, err);
    }

    /** An out-of-memory error: not a bug, but Java's heap was too small for what was asked. */
    static int outOfMemory(OutOfMemoryError e, PrintWriter err) {
        err.println("langevin: Java ran out of memory (" + e.getMessage() + "); lower --chains, --steps or the data's "
                + "size, raise --thin, or give Java more memory with LANGEVIN_JAVA_OPTS=-Xmx<size>.");
        return Main.BAD_INPUT;
    }

    /** A bug: one line, and the full trace in a file. */
    static int internal(Throwable e, PrintWriter err) {
        String where;
        try {
            Path file = Files.createTempFile("langevin-internal-error-", ".txt");
            try (PrintWriter trace = new PrintWriter(Files.newBufferedWriter(file))) {
                trace.println("langevin " + Main.version() + ", Java " + Runtime.version() + ", "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
                e.printStackTrace(trace);
            }
            where = "the full trace is in " + file;
        } catch (IOException | RuntimeException cannotWrite) {
            where = "the trace could not be written (" + cannotWrite.getMessage() + ")";
        }
        err.println("langevin: internal error (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())) + "); " + where + ".");
        return Main.INTERNAL_ERROR;
    }

    /** The line that says which option to change, or null when the message says it all. */
    private static String hint(LangevinException e, CommandLine command, ParseResult parsed) {
        if (e instanceof InvalidParameterException p) {
            List<String> options = options(p.parameters(), command);
            return options.isEmpty() ? null : "Change " + or(options) + ".";
        }
        if (e instanceof ResourceLimitException r) {
            List<String> parameters = new ArrayList<>(r.parameters());
            boolean stream = parameters.remove("drawsFile") && command.getCommandSpec().findOption("--out") != null;
            boolean outGiven = parsed != null && innermost(parsed).hasMatchedOption("--out");
            List<String> options = options(parameters, command);
            String change = options.isEmpty() ? null : "change " + or(options);
            if (stream && !outGiven) {
                return "Add --out DIR" + (change == null ? "." : ", or " + change + ".");
            }
            if (stream) {
                change = change == null ? "choose another --out" : change + ", or choose another --out";
            }
            return change == null ? null : Character.toUpperCase(change.charAt(0)) + change.substring(1) + ".";
        }
        if (e instanceof OutputException o) {
            String option = optionFor(o.path(), parsed);
            String where = option == null ? "another location" : "another " + option;
            return switch (o.reason()) {
                case EXISTS -> "Choose " + where + (command.getCommandSpec().findOption("--force") != null
                        ? ", or add --force to replace a directory that a previous run wrote." : ".");
                case NOT_A_RUN -> "Choose " + where + "; --force replaces only a directory that a previous run wrote.";
                case UNWRITABLE -> option == null ? null : "Choose " + where + ".";
            };
        }
        if (e instanceof InputFileException f && f.file() != null) {
            String option = optionFor(f.file(), parsed);
            return option == null ? null : "Check " + option + ".";
        }
        return null;
    }

    private static List<String> options(List<String> parameters, CommandLine command) {
        List<String> options = new ArrayList<>();
        for (String parameter : parameters) {
            String option = parameter.startsWith("model.") ? "--param " + parameter.substring(6)
                    : OPTIONS.get(parameter);
            String name = option == null ? null : option.split(" ")[0];
            if (name != null && command.getCommandSpec().findOption(name) != null && !options.contains(option)) {
                options.add(option);
            }
        }
        return options;
    }

    /** The option (or positional parameter) whose value is {@code path}, or null. */
    private static String optionFor(Path path, ParseResult parsed) {
        if (path == null || parsed == null) {
            return null;
        }
        ParseResult sub = innermost(parsed);
        Path wanted = path.toAbsolutePath().normalize();
        for (ArgSpec arg : sub.matchedArgs()) {
            // a positional argument is the command's subject: naming it adds nothing to the message
            if (arg instanceof OptionSpec o && o.getValue() instanceof Path p
                    && Objects.equals(p.toAbsolutePath().normalize(), wanted)) {
                return o.longestName();
            }
        }
        return null;
    }

    private static ParseResult innermost(ParseResult parsed) {
        ParseResult sub = parsed;
        while (sub.subcommand() != null) {
            sub = sub.subcommand();
        }
        return sub;
    }

    private static String or(List<String> options) {
        if (options.size() == 1) {
            return options.get(0);
        }
        return String.join(", ", options.subList(0, options.size() - 1)) + " or " + options.get(options.size() - 1);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
