package dev.langevin.cli;

import dev.langevin.data.DataFormatException;

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
            err.println("Try 'langevin " + (ex.getCommandLine() == cli ? "" : ex.getCommandLine().getCommandName() + " ")
                    + "--help'.");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof DataFormatException) {
                err.println("langevin: " + ex.getMessage());
                return BAD_INPUT;
            }
            throw ex;
        });
        return cli.execute(args);
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
