package dev.langevin.cli;

import dev.langevin.diagnostics.ParameterSummary;
import dev.langevin.engine.Divergence;
import dev.langevin.engine.ProgressListener;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** What the commands print: progress, tables, divergences. */
final class Console {
    /** Rows of the summary table shown in the terminal; summary.csv has them all. */
    static final int TABLE_ROWS = 40;

    private Console() {
    }

    /** A progress bar on standard error showing steps/s and the ETA, or nothing when quiet. */
    static Progress progress(String task, int steps, boolean quiet) {
        return progress(task, steps, " steps", quiet);
    }

    /** Values summarised above which the summary shows a progress bar (about a second's work). */
    static final long SUMMARY_PROGRESS_VALUES = 100_000_000L;

    /** A progress bar over parameters for summaries of many values, or nothing. */
    static Progress summaryProgress(long chains, long draws, int dims, boolean quiet) {
        return progress("diagnostics", dims, " parameters", quiet || chains * draws * dims < SUMMARY_PROGRESS_VALUES);
    }

    /** A progress bar counting {@code unit}s on standard error, with speed and ETA, or nothing when quiet. */
    static Progress progress(String task, int total, String unit, boolean quiet) {
        if (quiet) {
            return new Progress(null);
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUnit(unit, 1).showSpeed().setSpeedUnit(ChronoUnit.SECONDS)
                .setUpdateIntervalMillis(250).setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        return new Progress(bar);
    }

    /** Adapts a progress bar to the engines' listener. */
    static final class Progress implements ProgressListener, AutoCloseable {
        private final ProgressBar bar;

        Progress(ProgressBar bar) {
            this.bar = bar;
        }

        @Override
        public void advanced(int stepsDone, int steps) {
            if (bar != null) {
                bar.stepTo(stepsDone);
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }

    /** The per-parameter table, flagged values marked with '!'. */
    static void table(PrintWriter out, List<ParameterSummary> rows, boolean nested) {
        int width = Math.max(9, rows.stream().mapToInt(r -> r.name().length()).max().orElse(9));
        String format = "%-" + width + "s %10s %10s %10s %10s %10s %10s %9s %9s %7s" + (nested ? " %7s" : "%s") + "%n";
        out.printf(Locale.ROOT, format, "parameter", "mean", "sd", "q5", "q50", "q95", "mcse", "ess_bulk", "ess_tail",
                "rhat", nested ? "nested" : "");
        for (int i = 0; i < rows.size() && i < TABLE_ROWS; i++) {
            ParameterSummary r = rows.get(i);
            out.printf(Locale.ROOT, format, r.name(), num(r.mean()), num(r.sd()), num(r.q5()), num(r.q50()), num(r.q95()),
                    num(r.mcseMean()), ess(r.essBulk()), ess(r.essTail()), rhat(r.rhat()),
                    nested ? rhat(r.rhatNested()) : "");
        }
        if (rows.size() > TABLE_ROWS) {
            out.printf("... %d more parameters in summary.csv (with --out)%n", rows.size() - TABLE_ROWS);
        }
    }

    /** One line saying whether R-hat and ESS give cause for concern, as Stan's summaries do. */
    /**
     * One line on a Metropolis-Hastings run: the overall acceptance rate and the spread over
     * chains, for example "Acceptance: 0.574 overall; chains 0.41 (min), 0.57 (median), 0.70 (max)".
     */
    static String acceptance(int[] accepted, int steps) {
        int[] sorted = accepted.clone();
        java.util.Arrays.sort(sorted);
        long total = 0;
        for (int a : sorted) {
            total += a;
        }
        double overall = (double) total / ((double) steps * sorted.length);
        return String.format(java.util.Locale.ROOT,
                "Acceptance: %.3f overall over %d steps per chain after burn-in; chains %.3f (min), %.3f (median), %.3f (max)",
                overall, steps, (double) sorted[0] / steps, (double) sorted[sorted.length / 2] / steps,
                (double) sorted[sorted.length - 1] / steps);
    }

    static String verdict(List<ParameterSummary> rows) {
        List<ParameterSummary> highRhat = rows.stream().filter(ParameterSummary::rhatFlagged).toList();
        List<ParameterSummary> lowEss = rows.stream().filter(ParameterSummary::essFlagged).toList();
        long undefined = rows.stream().filter(r -> Double.isNaN(r.rhat())).count();
        if (highRhat.isEmpty() && lowEss.isEmpty()) {
            return "Verdict: all R-hat <= " + ParameterSummary.RHAT_LIMIT + " and all ESS >= " + (int) ParameterSummary.ESS_LIMIT
                    + (undefined > 0 ? " (" + undefined + " parameters have no R-hat: constant or too few draws)" : "")
                    + ": no sign of non-convergence.";
        }
        StringBuilder text = new StringBuilder("Verdict: do not trust these draws yet:");
        if (!highRhat.isEmpty()) {
            ParameterSummary worst = highRhat.stream()
                    .max(java.util.Comparator.comparingDouble(r -> Math.max(nanToZero(r.rhat()), nanToZero(r.rhatNested()))))
                    .orElseThrow();
            text.append(' ').append(count(highRhat.size())).append(" R-hat > ").append(ParameterSummary.RHAT_LIMIT)
                    .append(" (worst ").append(worst.name()).append(")");
        }
        if (!lowEss.isEmpty()) {
            text.append(highRhat.isEmpty() ? " " : "; ").append(count(lowEss.size())).append(" bulk or tail ESS < ")
                    .append((int) ParameterSummary.ESS_LIMIT);
        }
        return text.append(". Run more steps or chains.").toString();
    }

    private static String count(int parameters) {
        return parameters == 1 ? "1 parameter has" : parameters + " parameters have";
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static String ess(double v) {
        return Double.isNaN(v) ? "NA" : String.format(Locale.ROOT, "%.0f", v) + (v < ParameterSummary.ESS_LIMIT ? "!" : "");
    }

    private static String rhat(double v) {
        return Double.isNaN(v) ? "NA" : String.format(Locale.ROOT, "%.3f", v) + (v > ParameterSummary.RHAT_LIMIT ? "!" : "");
    }

    /** One line about divergent chains, or nothing. */
    static void divergences(PrintWriter out, List<Divergence> divergences, int chains) {
        if (divergences.isEmpty()) {
            return;
        }
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < divergences.size() && i < 5; i++) {
            Divergence d = divergences.get(i);
            list.append(i == 0 ? "" : ", ").append("chain ").append(d.chain()).append(" at step ").append(d.step());
        }
        if (divergences.size() > 5) {
            list.append(", ...");
        }
        out.printf("%d of %d chains diverged (%s); they are frozen and left out of the summary.%n",
                divergences.size(), chains, list);
    }

    static String num(double v) {
        return Double.isNaN(v) ? "NA" : String.format(Locale.ROOT, "%.4g", v);
    }
}
