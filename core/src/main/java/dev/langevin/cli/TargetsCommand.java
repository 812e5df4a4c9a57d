package dev.langevin.cli;

import dev.langevin.target.Targets;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** {@code langevin targets}: the targets, their parameters and defaults. */
@Command(name = "targets", mixinStandardHelpOptions = true, description = "Lists targets with their parameters and defaults.")
final class TargetsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        for (Targets.Entry entry : Targets.all()) {
            out.printf("%-20s %s%n", entry.name(), entry.description());
            if (entry.needsData()) {
                out.printf("%-20s   needs --data; %s%n", "", entry.name().equals("softmax-regression")
                        ? "dimension = (feature columns + 1) x K: weights W[i,k] and biases b[k]"
                        : entry.name().equals("mlp") ? "dimension = sum over layers of (inputs + 1) x units: W1[i,j], b1[j], "
                        + "W2[j,k], ..."
                        : "dimension = feature columns + 1 (theta[0] is the intercept)");
            }
            for (Targets.Parameter p : entry.parameters()) {
                String fallback = p.fallback().isEmpty() ? "" : " (default " + p.fallback() + ")";
                out.printf("%-20s   %-10s %s%s%n", "", p.name(), p.description(), fallback);
            }
        }
        out.println();
        out.println("Give parameters as --param name=value,name=value; lists as a:b:c.");
    }
}
