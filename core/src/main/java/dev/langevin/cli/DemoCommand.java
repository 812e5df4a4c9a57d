package dev.langevin.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code langevin demo}: the Ackley comparison with settings that show the point in seconds. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"4096 chains on 2-D Ackley from uniform(-4, 4): SGLD against SGD and Adam from the same starts.",
                "Runs: langevin compare " + DemoCommand.ARGUMENTS})
final class DemoCommand implements Callable<Integer> {
    /** The compare arguments of the demo. */
    static final String ARGUMENTS = "--target ackley --dim 2 --chains 4096 --steps 2000 --init uniform:-4,4 "
            + "--schedule poly:a=0.2,b=1,gamma=0.55 --temperature 0.5 --adam-step-size 0.05 --seed 1";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println("langevin compare " + ARGUMENTS);
        return spec.commandLine().getParent().execute(("compare " + ARGUMENTS).split(" "));
    }
}
