package dev.langevin.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code langevin} command. */
@Command(name = "langevin", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Runs many stochastic gradient Langevin dynamics chains in parallel and summarises the posterior.",
        subcommands = {RunCommand.class, DiagnoseCommand.class, ReportCommand.class, CompareCommand.class, DemoCommand.class,
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
            err.println("langevin: " + ex.getMessage());
            if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
                suggest(unmatched, err);
            }
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

    /** "Did you mean --step-size?" for a mistyped option or subcommand. */
    private static void suggest(CommandLine.UnmatchedArgumentException ex, PrintWriter err) {
        java.util.List<String> suggestions = new java.util.ArrayList<>();
        for (String unmatched : ex.getUnmatched()) {
            if (unmatched.startsWith("--")) {
                String name = unmatched.contains("=") ? unmatched.substring(0, unmatched.indexOf('=')) : unmatched;
                dev.langevin.error.Names.closest(name, ex.getCommandLine().getCommandSpec().optionsMap().keySet())
                        .ifPresent(suggestions::add);
            }
        }
        if (suggestions.isEmpty()) {
            suggestions = ex.getSuggestions();
        }
        if (!suggestions.isEmpty()) {
            err.println("Did you mean " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size())))
                    + "?");
        }
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
