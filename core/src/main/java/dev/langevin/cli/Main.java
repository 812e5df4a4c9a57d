package dev.langevin.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code langevin} command. */
@Command(name = "langevin", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Runs many stochastic gradient Langevin dynamics chains in parallel and summarises the posterior.",
        subcommands = {RunCommand.class, TuneCommand.class, CheckModelCommand.class, DiagnoseCommand.class, KsdCommand.class, PredictCommand.class, ReportCommand.class, CompareCommand.class, DemoCommand.class,
                DevicesCommand.class,
                TargetsCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    /** Exit status for bad input: an option, a file or a line that cannot be used. */
    public static final int BAD_INPUT = 2;
    /** Exit status for a run that finished but whose verdict is "do not trust". */
    public static final int DO_NOT_TRUST = 3;
    /** Exit status for a bug: an internal error whose trace was written to a file. */
    public static final int INTERNAL_ERROR = 70;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, arguments) -> {
            err.println("langevin: " + (ex instanceof CommandLine.UnmatchedArgumentException unmatched
                    ? unmatched(unmatched) : ex.getMessage()));
            err.println("Try 'langevin " + (ex.getCommandLine() == cli ? "" : ex.getCommandLine().getCommandName() + " ")
                    + "--help'.");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
                Errors.report(ex, commandLine, parseResult, err));
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            return Errors.outOfMemory(e, err);
        } catch (RuntimeException | Error e) {
            return Errors.internal(e, err);
        }
    }

    /**
     * One sentence for an unknown option or argument, with the closest valid name: "Unknown
     * option '--step-sise'; did you mean --step-size?".
     */
    private static String unmatched(CommandLine.UnmatchedArgumentException ex) {
        java.util.List<String> unmatched = ex.getUnmatched();
        String first = unmatched.stream().filter(a -> a.startsWith("-")).findFirst()
                .orElse(unmatched.isEmpty() ? "" : unmatched.get(0));
        CommandLine.Model.CommandSpec spec = ex.getCommandLine().getCommandSpec();
        java.util.Optional<String> closest;
        String kind;
        if (first.startsWith("-")) {
            kind = "option";
            first = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
            closest = dev.langevin.error.Names.closest(first, spec.optionsMap().keySet());
        } else {
            kind = spec.subcommands().isEmpty() ? "argument" : "command";
            closest = dev.langevin.error.Names.closest(first, spec.subcommands().keySet());
        }
        if (closest.isEmpty() && !ex.getSuggestions().isEmpty()) {
            closest = java.util.Optional.of(ex.getSuggestions().get(0));
        }
        return "Unknown " + kind + " '" + first + "'" + closest.map(c -> "; did you mean " + c + "?").orElse(".");
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"langevin " + version(), "Java " + Runtime.version()};
        }
    }

    /** The project version, or "dev" when run from classes. */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
