package dev.langevin.cli;

import dev.langevin.model.GradientCheck;
import dev.langevin.target.Target;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code langevin check-model}: does a model's gradient match its potential? */
@Command(name = "check-model", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compares a model's gradient with central finite differences of its potential at random points "
                + "and reports the worst relative error: the first thing to run on a model written by hand.",
                "Exit status 0 when the worst error is below " + GradientCheck.TOLERANCE + ", 3 when it is not."})
final class CheckModelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--points", defaultValue = "20", paramLabel = "N",
            description = "Random points to check (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--range", defaultValue = "-2,2", paramLabel = "LO,HI",
            description = "The points are uniform on [LO, HI] in every coordinate (default: ${DEFAULT-VALUE}).")
    String range;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "SEED",
            description = "Seed of the points (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (points < 1) {
            usage("--points must be at least 1, got " + points + ".");
        }
        String[] bounds = range.split(",");
        double lo = Double.NaN;
        double hi = Double.NaN;
        try {
            lo = Double.parseDouble(bounds[0].strip());
            hi = Double.parseDouble(bounds[bounds.length - 1].strip());
        } catch (NumberFormatException e) {
            // refused below
        }
        if (bounds.length != 2 || !(lo < hi) || !Double.isFinite(hi - lo)) {
            usage("--range must be LO,HI with LO < HI, got " + range + ".");
        }
        Target target = model.choose(this::usage).target();
        GradientCheck check = GradientCheck.of(target, points, lo, hi, seed);
        String name = target.parameterNames().get(check.coordinate());
        out.printf(Locale.ROOT, "%s (d = %d): gradient against central differences of the potential at %d points in "
                + "[%s, %s]^%d%n", target.name(), target.dim(), points, lo, hi, target.dim());
        out.printf(Locale.ROOT, "worst relative error %.3g at %s of point %d: gradient %.6g, difference quotient %.6g%n",
                check.worst(), name, check.point() + 1, check.gradient(), check.quotient());
        if (check.passes()) {
            out.printf(Locale.ROOT, "Verdict: the gradient matches the potential (every error below %s).%n",
                    GradientCheck.TOLERANCE);
            return 0;
        }
        out.printf(Locale.ROOT, "Verdict: the gradient does not match the potential: check the derivative of %s's "
                + "terms with respect to %s.%n", target.name(), name);
        return Main.DO_NOT_TRUST;
    }

    private void usage(String message) {
        throw new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
