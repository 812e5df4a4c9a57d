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

/** What the commands print: progress, tables, divergences; its progress bar serves langevin-spark too. */
public final class Console {
    /** Rows of the summary table shown in the terminal; summary.csv has them all. */
    static final int TABLE_ROWS = 40;

    private Console() {
    }

    /** A progress bar on standard error showing steps/s and the ETA, or nothing when quiet. */
    public static Progress progress(String task, int steps, boolean quiet) {
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
    public static final class Progress implements ProgressListener, AutoCloseable {
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

    /** Parameters the line on non-finite draws names. */
    static final int NAMED_PARAMETERS = 5;

    /**
     * One line naming the parameters with NaN or infinite draws and how many each has, or
     * nothing; their statistics are NA where posterior's are.
     */
    static void nonFinite(PrintWriter out, List<ParameterSummary> rows) {
        List<ParameterSummary> affected = rows.stream().filter(r -> r.nonFinite() > 0).toList();
        if (affected.isEmpty()) {
            return;
        }
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < affected.size() && i < NAMED_PARAMETERS; i++) {
            ParameterSummary r = affected.get(i);
            list.append(i == 0 ? "" : ", ").append(r.name()).append(": ").append(r.nonFinite());
        }
        if (affected.size() > NAMED_PARAMETERS) {
            list.append(", ...");
        }
        out.printf("%d %s NaN or infinite draws (%s); their statistics are NA where posterior's are.%n",
                affected.size(), affected.size() == 1 ? "parameter has" : "parameters have", list);
    }

    private static String ess(double v) {
        return Double.isNaN(v) ? "NA" : finite(v, "%.0f") + (v < ParameterSummary.ESS_LIMIT ? "!" : "");
    }

    private static String rhat(double v) {
        return Double.isNaN(v) ? "NA" : finite(v, "%.3f") + (v > ParameterSummary.RHAT_LIMIT ? "!" : "");
    }

    /** v in the format, or Inf and -Inf as R prints them. */
    private static String finite(double v, String format) {
        return Double.isInfinite(v) ? (v > 0 ? "Inf" : "-Inf") : String.format(Locale.ROOT, format, v);
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

    /** A number in four significant digits; NaN is posterior's NA, infinities are R's Inf and -Inf. */
    static String num(double v) {
        return Double.isNaN(v) ? "NA" : finite(v, "%.4g");
    }
}
