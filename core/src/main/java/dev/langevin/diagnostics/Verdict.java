package dev.langevin.diagnostics;

import java.util.Comparator;
import java.util.List;

/**
 * Whether a run's draws can be trusted, in one line, as Stan's and posterior's summaries judge
 * them. Diverged chains are counted first: when every chain diverged there is nothing to judge
 * and the verdict is "do not trust"; otherwise the chains that did not diverge are judged.
 * They are not to be trusted when a parameter has R-hat (or nested R-hat) above
 * {@link ParameterSummary#RHAT_LIMIT}, bulk- or tail-ESS below {@link ParameterSummary#ESS_LIMIT},
 * draws that are NaN or infinite, or an R-hat or ESS of NA although its draws vary (too few draws,
 * for instance).
 * Only constant parameters, which posterior leaves without R-hat and ESS, are passed unjudged.
 *
 * @param trusted whether no check failed
 * @param text    the verdict, one line starting with "Verdict"
 */
public record Verdict(boolean trusted, String text) {
    /**
     * @param rows     the summaries of the chains that did not diverge
     * @param chains   chains run
     * @param diverged chains that diverged (left out of {@code rows})
     */
    public static Verdict of(List<ParameterSummary> rows, int chains, int diverged) {
        if (diverged >= chains) {
            return new Verdict(false, "Verdict: do not trust this run: all " + chains
                    + " chains diverged, so there are no draws to judge. A smaller step size may help.");
        }
        String head = diverged == 0 ? "Verdict: " : "Verdict on the " + (chains - diverged) + " of " + chains
                + " chains that did not diverge (" + diverged + " diverged): ";
        List<ParameterSummary> nonFinite = rows.stream().filter(r -> r.nonFinite() > 0).toList();
        List<ParameterSummary> highRhat = rows.stream().filter(ParameterSummary::rhatFlagged).toList();
        List<ParameterSummary> lowEss = rows.stream().filter(ParameterSummary::essFlagged).toList();
        List<ParameterSummary> unjudged = rows.stream().filter(r -> r.nonFinite() == 0 && undefined(r) && !constant(r))
                .toList();
        if (nonFinite.isEmpty() && unjudged.isEmpty() && highRhat.isEmpty() && lowEss.isEmpty()) {
            long constant = rows.stream().filter(r -> undefined(r) && constant(r)).count();
            return new Verdict(true, head + "all R-hat <= " + ParameterSummary.RHAT_LIMIT + " and all ESS >= "
                    + (int) ParameterSummary.ESS_LIMIT
                    + (constant > 0 ? " (" + constant + (constant == 1 ? " parameter is" : " parameters are")
                    + " constant: no R-hat or ESS)" : "")
                    + ": no sign of non-convergence.");
        }
        StringBuilder text = new StringBuilder(head).append("do not trust these draws yet:");
        String separator = " ";
        if (!nonFinite.isEmpty()) {
            text.append(separator).append(count(nonFinite.size())).append(" NaN or infinite draws");
            separator = "; ";
        }
        if (!unjudged.isEmpty()) {
            text.append(separator).append(count(unjudged.size())).append(" an R-hat or ESS of NA although the draws vary");
            separator = "; ";
        }
        if (!highRhat.isEmpty()) {
            ParameterSummary worst = highRhat.stream()
                    .max(Comparator.comparingDouble(r -> Math.max(nanToZero(r.rhat()), nanToZero(r.rhatNested()))))
                    .orElseThrow();
            text.append(separator).append(count(highRhat.size())).append(" R-hat > ").append(ParameterSummary.RHAT_LIMIT)
                    .append(" (worst ").append(worst.name()).append(")");
            separator = "; ";
        }
        if (!lowEss.isEmpty()) {
            text.append(separator).append(count(lowEss.size())).append(" bulk or tail ESS < ")
                    .append((int) ParameterSummary.ESS_LIMIT);
        }
        boolean more = !unjudged.isEmpty() || !highRhat.isEmpty() || !lowEss.isEmpty();
        return new Verdict(false, text.append(more ? ". Run more steps or chains." : ".").toString());
    }

    /**
     * The verdict on a noiseless optimiser's run (SGD, Adam): its states are not draws from a
     * posterior, so R-hat and ESS say nothing about it; only a run whose every chain diverged is
     * not to be trusted.
     *
     * @param algorithm the optimiser's name
     * @param chains    chains run
     * @param diverged  chains that diverged
     */
    public static Verdict optimiser(String algorithm, int chains, int diverged) {
        if (diverged >= chains) {
            return new Verdict(false, "Verdict: do not trust this run: all " + chains
                    + " chains diverged. A smaller step size may help.");
        }
        return new Verdict(true, "Verdict: " + algorithm + " is an optimiser without noise, so its states are not "
                + "posterior draws and R-hat and ESS do not judge them" + (diverged == 0 ? "" : " (" + diverged + " of "
                + chains + " chains diverged)") + "; the table shows where the chains ended.");
    }

    /** Whether posterior leaves R-hat or an ESS undefined (NA) for the parameter. */
    private static boolean undefined(ParameterSummary r) {
        return Double.isNaN(r.rhat()) || Double.isNaN(r.essBulk()) || Double.isNaN(r.essTail());
    }

    /**
     * Whether the draws are all equal: an sd below machine epsilon (posterior's tolerance on the
     * spread), or within the rounding of the mean of equal values far from 0.
     */
    private static boolean constant(ParameterSummary r) {
        return r.sd() <= Math.max(Math.ulp(1.0), CONSTANT_RELATIVE_SD * Math.abs(r.mean()));
    }

    /** sd relative to |mean| below which equal draws are told from the rounding of their mean. */
    private static final double CONSTANT_RELATIVE_SD = 1e-12;

    private static String count(int parameters) {
        return parameters == 1 ? "1 parameter has" : parameters + " parameters have";
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
