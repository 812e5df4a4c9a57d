package dev.langevin;

import dev.langevin.diagnostics.DrawSource;
import dev.langevin.diagnostics.Ksd;
import dev.langevin.diagnostics.ParameterSummary;
import dev.langevin.diagnostics.Summary;
import dev.langevin.engine.Plan;
import dev.langevin.engine.ProgressListener;
import dev.langevin.engine.StepGroups;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.schedule.Constant;
import dev.langevin.schedule.StepSizeSchedule;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Chooses a constant step size as Gorham and Mackey (2017) do: the chains are split into groups,
 * one step size each from a grid, and each group is scored by the kernel Stein discrepancy of its
 * final states; the lowest wins. Too small a step has not mixed, too large a step has mixed to the
 * wrong distribution, and KSD sees both. Also records each group's bulk ESS per gradient
 * evaluation and largest R-hat. The groups run as one plan, each group its own step size
 * ({@link StepGroups}), with the plan's seed, so a search is reproducible and each group's chains
 * are those of a run at its step size alone.
 *
 * @param grid           the step sizes
 * @param ksd            each group's KSD (NaN when all its chains diverged)
 * @param essPerGradient each group's smallest bulk ESS over parameters, per gradient evaluation
 * @param maxRhat        each group's largest R-hat
 * @param diverged       each group's diverged chains
 * @param best           the index of the lowest KSD, or -1 when every group diverged
 * @param groupChains    chains per group
 * @param engine         the engine that ran the groups
 */
public record StepSizeSearch(double[] grid, double[] ksd, double[] essPerGradient, double[] maxRhat, int[] diverged,
                             int best, int groupChains, String engine) {
    /**
     * A log grid of {@code k} step sizes from {@code lo} to {@code hi}.
     *
     * @throws InvalidParameterException unless 0 < lo < hi and k >= 2
     */
    public static double[] logGrid(double lo, double hi, int k) {
        if (!(lo > 0) || !(hi > lo) || !Double.isFinite(hi) || k < 2) {
            throw new InvalidParameterException("stepSizes", "A step size grid needs 0 < lo < hi and at least 2 sizes, "
                    + "got " + lo + " to " + hi + " in " + k + ".");
        }
        double[] grid = new double[k];
        for (int i = 0; i < k; i++) {
            // six significant digits: the grid's ends as given, and no 0.09999999999999998 in the records
            grid[i] = new java.math.BigDecimal(lo * Math.pow(hi / lo, (double) i / (k - 1)))
                    .round(new java.math.MathContext(6)).doubleValue();
        }
        return grid;
    }

    /**
     * Runs the search as one plan: the chains in groups of equal size, group k with step size
     * grid[k] ({@link StepGroups}), on any engine that runs step groups.
     *
     * @param base     the plan whose target, rule, sizes and seed every group uses; its chains are
     *                 shared out among the groups, its step size replaced
     * @param grid     the step sizes to try
     * @param engine   the engine name ({@code auto} allowed)
     * @param device   the engine's device
     * @param progress the run's progress listener
     * @throws InvalidParameterException when the rule is an optimiser or has its own schedule, or
     *                                   the chains are too few for the grid
     */
    public static StepSizeSearch run(Plan base, double[] grid, String engine, int device, ProgressListener progress) {
        if (!base.rule().stochastic()) {
            throw new InvalidParameterException("algorithm", base.rule().name() + " is an optimiser: its states are not "
                    + "draws to score.");
        }
        if (base.rule().name().equals("csgld")) {
            throw new InvalidParameterException("algorithm", "csgld has its own cyclical step size; a constant one "
                    + "cannot be chosen for it.");
        }
        int groupChains = base.chains() / grid.length;
        if (groupChains < 2) {
            throw new InvalidParameterException("chains", base.chains() + " chains give fewer than 2 to each of the "
                    + grid.length + " step sizes.");
        }
        // one plan: eta_k = 1 times each group's factor, its step size
        Plan plan = withStepSize(base, new Constant(1), groupChains * grid.length)
                .withStepGroups(StepGroups.of(groupChains, grid));
        double[] ksd = new double[grid.length];
        double[] essPerGradient = new double[grid.length];
        double[] maxRhat = new double[grid.length];
        int[] diverged = new int[grid.length];
        int best = -1;
        String used;
        try (Sampler.Result result = Sampler.of(plan).engine(engine).device(device).progress(progress).run()) {
            used = result.engine();
            Set<Integer> divergedChains = result.run().divergences().stream().map(d -> d.chain() - plan.firstChain())
                    .collect(Collectors.toSet());
            DrawSource draws = Sampler.reported(plan.target(), result.draws());
            for (int k = 0; k < grid.length; k++) {
                // the group's chains that did not diverge
                Set<Integer> excluded = new HashSet<>(divergedChains);
                for (int c = 0; c < plan.chains(); c++) {
                    if (c / groupChains != k) {
                        excluded.add(c);
                    }
                }
                int first = k * groupChains;
                diverged[k] = (int) divergedChains.stream().filter(c -> c >= first && c < first + groupChains).count();
                Ksd score = Sampler.finalStateKsd(plan, result.run(), excluded);
                ksd[k] = score == null ? Double.NaN : score.value();
                if (diverged[k] < groupChains) {
                    List<ParameterSummary> summary = Summary.of(draws, plan.target().reportedNames(), excluded, 0);
                    double ess = summary.stream().mapToDouble(ParameterSummary::essBulk).min().orElse(Double.NaN);
                    essPerGradient[k] = ess / ((double) groupChains * plan.steps());
                    maxRhat[k] = summary.stream().mapToDouble(ParameterSummary::rhat).max().orElse(Double.NaN);
                } else {
                    essPerGradient[k] = Double.NaN;
                    maxRhat[k] = Double.NaN;
                }
                if (!Double.isNaN(ksd[k]) && (best < 0 || ksd[k] < ksd[best])) {
                    best = k;
                }
            }
        }
        return new StepSizeSearch(grid, ksd, essPerGradient, maxRhat, diverged, best, groupChains, used);
    }

    /** The plan with another step size schedule and number of chains. */
    public static Plan withStepSize(Plan plan, StepSizeSchedule stepSize, int chains) {
        return new Plan(plan.target(), plan.estimator(), plan.rule(), stepSize, plan.temperature(), chains,
                plan.firstChain(), plan.steps(), plan.burnIn(), plan.thin(), plan.init(), plan.seed(), null,
                plan.temperatures());
    }

    /** The chosen step size; NaN when every group diverged. */
    public double chosen() {
        return best < 0 ? Double.NaN : grid[best];
    }

    /** Whether the choice is at an end of the grid, so that the best may lie beyond it. */
    public boolean atEdge() {
        return best == 0 || best == grid.length - 1;
    }
}
