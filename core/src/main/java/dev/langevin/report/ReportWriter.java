package dev.langevin.report;

import dev.langevin.error.FileErrors;
import dev.langevin.error.OutputException;
import dev.langevin.target.Target;
import dev.langevin.target.Targets;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes {@code report.html} into a run directory, with its pictures as PNG files in
 * {@code report/} beside it, so the page opens from the directory without a server. Both
 * appear only when complete: they are written under temporary names and then moved into place.
 */
public final class ReportWriter {
    /** R-hat above this is flagged, as the posterior package and Stan do. */
    public static final double RHAT_LIMIT = 1.01;
    /** Bulk or tail ESS below this is flagged. */
    public static final double ESS_LIMIT = 400;
    /** Parameters given trace and rank plots. */
    static final int WORST = 6;
    /** Chains overlaid in a trace plot. */
    static final int TRACE_CHAINS = 8;
    /** Chains given a rank histogram. */
    static final int RANK_CHAINS = 4;
    /** Parameters given a density plot. */
    static final int DENSITIES = 12;
    /** Chains drawn over the landscape. */
    static final int LANDSCAPE_CHAINS = 4;
    /** Folder of the pictures, beside report.html. */
    static final String IMAGES = "report";

    private ReportWriter() {
    }

    /** One picture: its file name in {@link #IMAGES}, the chart, its size in pixels and a caption. */
    private record Figure(String file, JFreeChart chart, int width, int height, String caption) {
    }

    /**
     * Writes the report of a run directory, replacing an older one.
     *
     * @return the path of report.html
     * @throws dev.langevin.error.InputFileException naming the path when the directory, draws.npy,
     *                                               run.json or summary.csv is missing or unreadable
     * @throws OutputException when the report cannot be written there
     */
    public static Path write(Path runDir) throws IOException {
        // charts are drawn off screen; without this a machine with no display fails in AWT
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        RunDirectory run = RunDirectory.read(runDir);
        StringBuilder html = new StringBuilder();
        List<Figure> figures = new ArrayList<>();
        page(run, html, figures);
        return writePage(runDir, html, figures);
    }

    /** report.html and its figures in report/, each written under a temporary name and moved into place. */
    private static Path writePage(Path runDir, CharSequence html, List<Figure> figures) throws IOException {
        String suffix = ".partial-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path staging = runDir.resolve("." + IMAGES + suffix);
        Path page = runDir.resolve(".report.html" + suffix);
        try {
            Files.createDirectory(staging);
            for (Figure f : figures) {
                try (OutputStream out = Files.newOutputStream(staging.resolve(f.file()))) {
                    ChartUtils.writeChartAsPNG(out, f.chart(), f.width(), f.height());
                }
            }
            Files.writeString(page, html, StandardCharsets.UTF_8);
            Path images = runDir.resolve(IMAGES);
            deleteTree(images);
            Files.move(staging, images, StandardCopyOption.ATOMIC_MOVE);
            Path target = runDir.resolve("report.html");
            Files.move(page, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new OutputException(runDir, "Cannot write the report in " + runDir + ": " + FileErrors.reason(e) + ".", e);
        } finally {
            deleteTree(staging);
            Files.deleteIfExists(page);
        }
    }

    /**
     * Writes report.html for a directory written by {@code compare --out} on a classifier: the plan and, per
     * algorithm, the held-out accuracy, NLL and ECE of its averaged predictive and of its chains (median, min,
     * max), from compare.json.
     *
     * @return the path of report.html
     * @throws dev.langevin.error.InputFileException naming compare.json when it is missing or unreadable
     * @throws OutputException when the report cannot be written there
     */
    public static Path writeComparison(Path dir) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        Path file = dir.resolve("compare.json");
        Map<String, Object> c;
        try {
            c = dev.langevin.io.RunJson.read(file);
        } catch (IOException | RuntimeException e) {
            throw new dev.langevin.error.InputFileException(file, "Cannot read " + file + ": "
                    + (e instanceof IOException io ? FileErrors.reason(io) : e.getMessage()) + ".");
        }
        Map<String, Object> plan = RunDirectory.map(c.get("plan"));
        StringBuilder html = new StringBuilder();
        String title = plan.get("target") + " (d = " + plan.get("dim") + "): compared on held-out rows";
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc("langevin report: " + title)).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n<h1>").append(esc(title)).append("</h1>\n");
        html.append("<p class=\"path\">").append(esc(dir.toAbsolutePath().normalize().toString())).append("</p>\n");
        boolean regression = "regression".equals(c.get("kind"));
        List<String> metrics = regression ? List.of("rmse", "nll") : List.of("accuracy", "nll", "ece");
        html.append("<p class=\"note\">").append(esc(plan.get("chains") + " chains x " + plan.get("steps")
                + " steps from " + plan.get("init") + ", seed " + plan.get("seed") + ", the same starts and minibatches "
                + "for every algorithm. Predictions on " + c.get("data") + ". Samplers: the predictive averaged over "
                + "every kept draw of every chain (Bayesian model averaging) and over each chain's draws; optimisers: "
                + "the ensemble of the chains' last states and each last state alone. NLL is the negative "
                + "log-likelihood per row (nats), " + (regression ? "RMSE the root mean squared error of the predictive "
                + "mean, in the labels' units" : "ECE the expected calibration error (" + c.get("ece_bins")
                + " equal-width confidence bins)") + "; median, min and max are of each metric over chains."))
                .append("</p>\n");
        html.append("<table class=\"summary predictions\">\n<tr><th>algorithm</th><th>step size</th><th>temperature</th>"
                + "<th>predictive</th>");
        for (String metric : metrics) {
            html.append("<th>").append(metric.equals("accuracy") ? metric : metric.toUpperCase(Locale.ROOT)).append("</th>");
        }
        html.append("<th>seconds</th></tr>\n");
        // each algorithm's reliability diagram goes below the table: how far its averaged predictive's confidence
        // is from its accuracy
        List<Figure> figures = new ArrayList<>();
        StringBuilder diagrams = new StringBuilder("<div class=\"row\">\n");
        if (c.get("algorithms") instanceof List<?> algorithms) {
            for (Object o : algorithms) {
                Map<String, Object> a = RunDirectory.map(o);
                boolean sampler = "sampler".equals(a.get("kind"));
                String name = String.valueOf(a.get("algorithm"));
                if (!regression) {
                    reliabilityFigure(diagrams, figures, a.get("reliability"), "reliability-"
                            + name.replaceAll("[^A-Za-z0-9-]", "_") + ".png", name + ", "
                            + (sampler ? "averaged over chains (BMA)" : "ensemble of last states"), 400, 360);
                }
                Map<String, Object> averaged = RunDirectory.map(a.get("averaged"));
                Map<String, Object> single = RunDirectory.map(a.get("single_chain"));
                String lead = "<tr><td class=\"name\">" + esc(name) + "</td><td>" + esc(String.valueOf(a.get("step_size")))
                        + "</td><td>" + esc(sampler ? String.valueOf(a.get("temperature")) : "") + "</td>";
                html.append(lead);
                comparisonCells(html, sampler ? "averaged over chains (BMA)" : "ensemble of last states",
                        metrics.stream().map(averaged::get).toArray());
                html.append("<td>").append(a.get("seconds") instanceof Number n ? String.format(Locale.ROOT, "%.1f",
                        n.doubleValue()) : "").append("</td></tr>\n");
                for (String which : List.of("median", "min", "max")) {
                    html.append("<tr><td></td><td></td><td></td>");
                    comparisonCells(html, (sampler ? "single chain: " : "last state: ") + which,
                            metrics.stream().map(metric -> RunDirectory.map(single.get(metric)).get(which)).toArray());
                    html.append("<td></td></tr>\n");
                }
            }
        }
        html.append("</table>\n").append(diagrams).append("</div>\n</body>\n</html>\n");
        return writePage(dir, html, figures);
    }

    private static void comparisonCells(StringBuilder html, String label, Object... values) {
        html.append("<td class=\"name\">").append(esc(label)).append("</td>");
        for (Object v : values) {
            html.append("<td>").append(v instanceof Number n ? String.format(Locale.ROOT, "%.4f", n.doubleValue()) : "")
                    .append("</td>");
        }
    }

    private static void page(RunDirectory run, StringBuilder html, List<Figure> figures) {
        Map<String, Object> plan = run.plan();
        Map<String, Object> target = run.target();
        String targetName = String.valueOf(target.getOrDefault("name", "unknown target"));
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc("langevin report: " + targetName + ", " + run.dir().toAbsolutePath().normalize().getFileName()))
                .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        html.append("<h1>").append(esc(targetName)).append(" (d = ").append(run.draws().dims()).append("): ")
                .append(esc(String.valueOf(plan.getOrDefault("algorithm", "?")))).append(", ")
                .append(run.draws().chains()).append(" chains &times; ").append(run.draws().draws())
                .append(" kept draws</h1>\n");
        html.append("<p class=\"path\">").append(esc(run.dir().toAbsolutePath().normalize().toString())).append("</p>\n");
        header(run, html);
        List<Integer> kept = run.keptChains();
        boolean plots = !kept.isEmpty() && run.draws().draws() > 0;
        List<Integer> worst = plots ? worst(run.summary()).stream().limit(WORST).toList() : List.of();
        summaryTable(run, worst, html);
        predictions(run, html, figures);

        if (!plots) {
            html.append("<p class=\"note\">No plots: ").append(kept.isEmpty() ? "every chain diverged." : "no draws were kept.")
                    .append("</p>\n");
        } else {
            chains(run, kept, worst, html, figures);
            densities(run, kept, html, figures);
            diagnostics(run, html, figures);
            landscape(run, kept, html, figures);
        }
        html.append("</body>\n</html>\n");
    }

    private static void header(RunDirectory run, StringBuilder html) {
        Map<String, Object> plan = run.plan();
        Map<String, Object> target = run.target();
        Map<String, Object> timing = RunDirectory.map(run.record().get("timing"));
        List<String[]> rows = new ArrayList<>();
        rows.add(row("target", target.get("name")));
        rows.add(row("dimension", target.getOrDefault("dim", run.draws().dims())));
        Map<String, Object> params = RunDirectory.map(target.get("params"));
        if (!params.isEmpty()) {
            rows.add(row("target parameters", joinParams(params)));
        }
        Map<String, Object> data = RunDirectory.map(target.get("data"));
        if (!data.isEmpty()) {
            String labels = data.get("labels") == null ? "" : ", labels " + data.get("labels");
            rows.add(row("data", data.get("file") + labels + ": " + data.get("rows") + " rows, " + data.get("columns")
                    + " feature columns" + (Boolean.TRUE.equals(data.get("standardized")) ? ", standardised" : "")
                    + ", prior sd " + data.get("prior_sd")));
        }
        rows.add(row("algorithm", plan.get("algorithm")));
        if (plan.containsKey("gradient")) {
            rows.add(row("gradient", plan.get("gradient")));
        }
        rows.add(row("step size", plan.get("step_size")));
        rows.add(row("temperature", plan.get("temperature")));
        rows.add(row("chains", plan.get("chains")));
        rows.add(row("steps", plan.get("steps")));
        rows.add(row("burn-in", plan.get("burn_in")));
        rows.add(row("thin", plan.get("thin")));
        rows.add(row("draws per chain", plan.getOrDefault("draws", run.draws().draws())));
        if (plan.containsKey("init")) {
            rows.add(row("init", plan.get("init")));
        }
        rows.add(row("seed", plan.get("seed")));
        rows.add(row("engine", run.record().get("engine")));
        Map<String, Object> ksd = RunDirectory.map(run.record().get("ksd"));
        if (ksd.get("value") instanceof Number value) {
            rows.add(row("kernel Stein discrepancy", num(value.doubleValue()) + " (" + ksd.get("points") + " "
                    + ksd.getOrDefault("of", "points") + "; IMQ kernel; lower is closer to the target)"));
        }
        if (timing.get("sampling_seconds") instanceof Number seconds) {
            String speed = timing.get("coordinate_steps_per_second") instanceof Number cps
                    ? ", " + num(cps.doubleValue()) + " coordinate-steps/s" : "";
            String steps = timing.get("steps_per_second") instanceof Number sps
                    ? ", " + num(sps.doubleValue()) + " steps/s" : "";
            rows.add(row("sampling time", num(seconds.doubleValue()) + " s" + steps + speed));
        }
        if (timing.containsKey("started")) {
            rows.add(row("started", timing.get("started")));
        }
        Map<String, Object> versions = RunDirectory.map(run.record().get("versions"));
        if (!versions.isEmpty()) {
            rows.add(row("versions", versions.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "))));
        }
        html.append("<table class=\"plan\">\n");
        for (String[] r : rows) {
            html.append("<tr><th>").append(esc(r[0])).append("</th><td>").append(esc(r[1])).append("</td></tr>\n");
        }
        html.append("<tr><th>divergent chains</th><td").append(run.excluded().isEmpty() ? "" : " class=\"flag\"")
                .append(">").append(esc(divergences(run))).append("</td></tr>\n</table>\n");
    }

    private static String divergences(RunDirectory run) {
        int chains = run.draws().chains();
        if (run.excluded().isEmpty()) {
            return "0 of " + chains;
        }
        String list = run.excluded().stream().limit(10).map(String::valueOf).collect(Collectors.joining(", "))
                + (run.excluded().size() > 10 ? ", ..." : "");
        long unlisted = run.excluded().stream().filter(c -> !run.listed().contains(c)).count();
        return run.excluded().size() + " of " + chains + " (chains " + list + "); left out of every plot"
                + (unlisted == 0 ? "" : "; " + unlisted + " of them not listed in run.json but holding non-finite draws");
    }

    private static void summaryTable(RunDirectory run, List<Integer> worst, StringBuilder html) {
        SummaryTable table = run.summary();
        html.append("<h2>Summary</h2>\n<p class=\"note\">From summary.csv, over the kept draws of non-divergent chains.");
        if (table.has("rhat") || table.has("ess_bulk") || table.has("ess_tail")) {
            html.append(" Flagged: R-hat above ").append(num(RHAT_LIMIT)).append(", bulk or tail ESS below ")
                    .append(num("ess", ESS_LIMIT)).append(".");
        }
        if (!worst.isEmpty()) {
            html.append(" Linked names have trace and rank plots below.");
        }
        html.append("</p>\n<table class=\"summary\">\n<tr>");
        for (String column : table.header()) {
            html.append("<th>").append(esc(column)).append("</th>");
        }
        html.append("</tr>\n");
        for (int i = 0; i < table.rows().size(); i++) {
            html.append("<tr>");
            for (int k = 0; k < table.header().size(); k++) {
                String column = table.header().get(k);
                String cell = table.rows().get(i).get(k);
                if (column.equals("parameter")) {
                    html.append("<td class=\"name\">").append(worst.contains(i)
                            ? "<a href=\"#parameter-" + i + "\">" + esc(cell) + "</a>" : esc(cell)).append("</td>");
                    continue;
                }
                double v = SummaryTable.number(cell);
                boolean flag = column.equals("rhat") && v > RHAT_LIMIT
                        || (column.equals("ess_bulk") || column.equals("ess_tail")) && v < ESS_LIMIT;
                html.append(flag ? "<td class=\"flag\">" : "<td>").append(esc(Double.isFinite(v) ? num(column, v) : cell))
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    /** With predict.json in the directory: the predictions table, the function-space diagnostics and a reliability diagram. */
    @SuppressWarnings("unchecked")
    private static void predictions(RunDirectory run, StringBuilder html, List<Figure> figures) {
        Path file = run.dir().resolve("predict.json");
        if (!Files.isRegularFile(file)) {
            return;
        }
        Map<String, Object> p;
        try {
            p = dev.langevin.io.RunJson.read(file);
        } catch (IOException e) {
            html.append("<h2>Predictions</h2>\n<p class=\"note\">predict.json could not be read: ")
                    .append(esc(String.valueOf(e.getMessage()))).append("</p>\n");
            return;
        }
        boolean regression = "regression".equals(p.get("kind"));
        html.append("<h2 id=\"predictions\">Predictions</h2>\n<p class=\"note\">From predict.json: ")
                .append(esc(String.valueOf(p.get("data")))).append(", ").append(esc(String.valueOf(p.get("chains"))))
                .append(" chains &times; ").append(esc(String.valueOf(p.get("draws_per_chain"))))
                .append(" draws. The posterior predictive averaged over every draw of every chain (Bayesian model"
                        + " averaging), and each chain's alone; NLL is the negative log-likelihood per row (nats)");
        if (regression) {
            html.append(", RMSE the root mean squared error of the predictive mean, in the labels' units.</p>\n");
        } else {
            html.append(", ECE the expected calibration error (").append(esc(String.valueOf(p.get("ece_bins"))))
                    .append(" equal-width confidence bins).</p>\n");
        }
        List<String> metrics = regression ? List.of("rmse", "nll") : List.of("accuracy", "nll", "ece");
        html.append("<table class=\"summary predictions\">\n<tr><th>predictive</th>");
        for (String metric : metrics) {
            html.append("<th>").append(metric.equals("accuracy") ? metric : metric.toUpperCase(Locale.ROOT)).append("</th>");
        }
        html.append("</tr>\n");
        Map<String, Object> averaged = RunDirectory.map(p.get("averaged"));
        predictionRow(html, "averaged over all chains (BMA)", metrics.stream().map(averaged::get).toArray());
        Map<String, Object> single = RunDirectory.map(p.get("single_chain"));
        for (String which : List.of("median", "min", "max")) {
            predictionRow(html, "single chain: " + which, metrics.stream()
                    .map(metric -> RunDirectory.map(single.get(metric)).get(which)).toArray());
        }
        html.append("</table>\n");

        Map<String, Object> space = RunDirectory.map(p.get("function_space"));
        if (space.get("quantities") instanceof List<?> quantities && !quantities.isEmpty()) {
            html.append("<h3>Function-space diagnostics</h3>\n<p class=\"note\">").append(esc(String.valueOf(
                    space.get("why")))).append(regression ? " Per draw: the held-out mean log-likelihood and the"
                    + " prediction for the first held-out rows; R-hat and ESS as in the summary.</p>\n" : " Per draw: the"
                    + " held-out mean log-likelihood and the predicted probability of the true class of the first held-out"
                    + " rows; R-hat and ESS as in the summary.</p>\n");
            html.append("<table class=\"summary\">\n<tr><th>quantity</th><th>mean</th><th>sd</th><th>rhat</th>"
                    + "<th>ess_bulk</th><th>ess_tail</th></tr>\n");
            for (Object o : quantities) {
                Map<String, Object> q = RunDirectory.map(o);
                html.append("<tr><td class=\"name\">").append(esc(String.valueOf(q.get("name")))).append("</td>");
                for (String column : List.of("mean", "sd", "rhat", "ess_bulk", "ess_tail")) {
                    double v = q.get(column) instanceof Number n ? n.doubleValue() : Double.NaN;
                    boolean flag = column.equals("rhat") && v > RHAT_LIMIT || column.startsWith("ess") && v < ESS_LIMIT;
                    html.append(flag ? "<td class=\"flag\">" : "<td>").append(esc(num(column, v))).append("</td>");
                }
                html.append("</tr>\n");
            }
            html.append("</table>\n");
        }

        if (!regression) {
            html.append("<div class=\"row\">\n");
            reliabilityFigure(html, figures, p.get("reliability"), "reliability.png", "the averaged predictive", 520, 440);
            html.append("</div>\n");
        }
    }

    /**
     * The reliability diagram of recorded bins (predict.json's or an algorithm's in compare.json:
     * lower, upper, confidence, accuracy), when they are all there.
     */
    private static void reliabilityFigure(StringBuilder html, List<Figure> figures, Object recorded, String file,
                                          String of, int width, int height) {
        Map<String, Object> bins = RunDirectory.map(recorded);
        if (bins.get("lower") instanceof List<?> lower && bins.get("upper") instanceof List<?> upper
                && bins.get("confidence") instanceof List<?> confidence && bins.get("accuracy") instanceof List<?> accuracy
                && lower.size() == upper.size() && lower.size() == confidence.size() && lower.size() == accuracy.size()) {
            double[] rows = bins.get("rows") instanceof List<?> counts && counts.size() == lower.size() ? numbers(counts) : null;
            figure(html, figures, new Figure(file, Plots.reliability(numbers(lower), numbers(upper), numbers(confidence),
                    numbers(accuracy), rows, "Reliability of " + of), width, height, "Reliability diagram of " + of
                    + ": the held-out rows binned by confidence, each bar labelled with its number of rows; a calibrated "
                    + "predictive has each bar reach its point, the mean confidence of its rows (a bar of a few rows "
                    + "says little)."));
        }
    }

    private static void predictionRow(StringBuilder html, String label, Object... values) {
        html.append("<tr><td class=\"name\">").append(esc(label)).append("</td>");
        for (Object v : values) {
            html.append("<td>").append(v instanceof Number n ? String.format(Locale.ROOT, "%.4f", n.doubleValue()) : "")
                    .append("</td>");
        }
        html.append("</tr>\n");
    }

    /** JSON numbers, NaN for null. */
    private static double[] numbers(List<?> list) {
        return list.stream().mapToDouble(o -> o instanceof Number n ? n.doubleValue() : Double.NaN).toArray();
    }

    private static void chains(RunDirectory run, List<Integer> kept, List<Integer> worst, StringBuilder html,
                               List<Figure> figures) {
        SummaryTable table = run.summary();
        boolean byRhat = table.has("rhat");
        List<Integer> traced = kept.stream().limit(TRACE_CHAINS).toList();
        List<Integer> ranked = kept.stream().limit(RANK_CHAINS).toList();
        int n = run.draws().draws();
        int bins = Math.max(1, Math.min(20, n / 5));
        int stride = Plots.stride(n, Plots.TRACE_POINTS);

        html.append("<h2>Chains of the worst parameters</h2>\n<p class=\"note\">");
        if (byRhat) {
            html.append("The ").append(worst.size()).append(" parameters with the largest R-hat.");
        } else {
            html.append("summary.csv has no rhat column, so these are the ").append(worst.size())
                    .append(" parameters with the largest sd / (|mean| + sd): the widest posteriors relative to their"
                            + " location, not a convergence diagnostic.");
        }
        html.append(" Traces show chains ").append(esc(range(traced)));
        if (stride > 1) {
            html.append(", one draw in ").append(stride);
        }
        html.append(". Rank plots (Vehtari et al. 2021) rank each draw among all ")
                .append(String.format(Locale.ROOT, "%,d", (long) kept.size() * n))
                .append(" draws of the ").append(kept.size())
                .append(" kept chains pooled, then histogram the ranks of chains ").append(esc(range(ranked)))
                .append(" in ").append(bins).append(" bins: chains that sample the same distribution give flat"
                        + " histograms; the dashed line is the expected count and the grey band its 95% interval"
                        + " for independent draws.</p>\n");
        for (int j : worst) {
            String name = run.names().get(j);
            html.append("<h3 id=\"parameter-").append(j).append("\">").append(esc(name));
            List<String> facts = new ArrayList<>();
            for (String column : List.of("rhat", "ess_bulk", "ess_tail")) {
                double v = table.value(j, column);
                if (!Double.isNaN(v)) {
                    facts.add(column + " " + num(column, v));
                }
            }
            if (!facts.isEmpty()) {
                html.append(" <span class=\"facts\">(").append(esc(String.join(", ", facts))).append(")</span>");
            }
            html.append("</h3>\n<div class=\"row\">\n");
            Figure trace = new Figure("trace-" + j + ".png", Plots.trace(run.draws(), j, name, traced), 720, 320,
                    "Trace of " + name + ", chains " + range(traced) + ".");
            Figure rank = new Figure("rank-" + j + ".png",
                    Plots.ranks(run.draws(), j, name, kept, ranked, bins), 560, 90 + 95 * ranked.size(),
                    "Rank histograms of " + name + ", chains " + range(ranked) + ".");
            figure(html, figures, trace);
            figure(html, figures, rank);
            html.append("</div>\n");
        }
    }

    /** Parameter rows, worst first: by R-hat when summary.csv has it, else by relative spread; NaN last. */
    static List<Integer> worst(SummaryTable table) {
        double[] score;
        Optional<double[]> rhat = table.column("rhat");
        if (rhat.isPresent()) {
            score = rhat.get();
        } else {
            double[] mean = table.column("mean").orElse(new double[table.rows().size()]);
            double[] sd = table.column("sd").orElse(new double[table.rows().size()]);
            score = new double[mean.length];
            for (int i = 0; i < score.length; i++) {
                score[i] = sd[i] / (Math.abs(mean[i]) + sd[i]);
            }
        }
        Comparator<Integer> order = Comparator.comparingDouble(i -> Double.isNaN(score[i]) ? Double.NEGATIVE_INFINITY
                : score[i]);
        return Stream.iterate(0, i -> i + 1).limit(score.length).sorted(order.reversed()).toList();
    }

    private static void densities(RunDirectory run, List<Integer> kept, StringBuilder html, List<Figure> figures) {
        int count = Math.min(DENSITIES, run.draws().dims());
        html.append("<h2>Marginal densities</h2>\n<p class=\"note\">The first ").append(count)
                .append(" parameters: a Gaussian kernel density estimate of the draws of all ").append(kept.size())
                .append(" kept chains pooled, with Silverman's rule-of-thumb bandwidth (given as h). Dashed lines:"
                        + " the 5% and 95% quantiles; solid line: the median (from summary.csv). Each axis spans the"
                        + " central 99% of the draws widened by 10% on each side.</p>\n<div class=\"row\">\n");
        SummaryTable table = run.summary();
        for (int j = 0; j < count; j++) {
            String name = run.names().get(j);
            Density density = Density.of(run.draws().pooled(j, kept));
            JFreeChart chart = Plots.density(density, name, table.value(j, "q5"), table.value(j, "q50"),
                    table.value(j, "q95"));
            figure(html, figures, new Figure("density-" + j + ".png", chart, 360, 260,
                    name + ", h = " + num(density.bandwidth()) + "."));
        }
        html.append("</div>\n");
    }

    private static void diagnostics(RunDirectory run, StringBuilder html, List<Figure> figures) {
        SummaryTable table = run.summary();
        html.append("<h2>R-hat and ESS over parameters</h2>\n");
        if (!table.has("rhat")) {
            html.append("<p class=\"note\">summary.csv has no rhat column, so these histograms are left out.</p>\n");
            return;
        }
        html.append("<p class=\"note\">Histograms over the ").append(table.rows().size())
                .append(" parameters; the red line is the threshold.</p>\n<div class=\"row\">\n");
        figure(html, figures, new Figure("rhat.png", Plots.histogram(table.column("rhat").orElseThrow(),
                "R-hat", "R-hat", RHAT_LIMIT), 480, 300, "R-hat (rank-normalised split); flagged above "
                + num(RHAT_LIMIT) + "."));
        table.column("ess_bulk").ifPresent(ess -> figure(html, figures, new Figure("ess-bulk.png",
                Plots.histogram(ess, "Bulk ESS", "bulk effective sample size", ESS_LIMIT), 480, 300,
                "Bulk ESS; flagged below " + num(ESS_LIMIT) + ".")));
        html.append("</div>\n");
    }

    private static void landscape(RunDirectory run, List<Integer> kept, StringBuilder html, List<Figure> figures) {
        Map<String, Object> target = run.target();
        String name = String.valueOf(target.get("name"));
        if (run.draws().dims() != 2 || target.get("data") != null || target.get("source") != null) {
            // only built-in targets without data can be rebuilt from run.json
            return;
        }
        Target rebuilt;
        try {
            if (Targets.entry(name).needsData()) {
                return;
            }
            rebuilt = run.rebuildTarget();
        } catch (IllegalArgumentException | dev.langevin.error.LangevinException e) {
            html.append("<h2>Landscape</h2>\n<p class=\"note\">Not drawn: the target could not be rebuilt ("
                    + esc(e.getMessage()) + ").</p>\n");
            return;
        }
        List<Integer> shown = kept.stream().limit(LANDSCAPE_CHAINS).toList();
        int stride = Plots.stride(run.draws().draws(), Plots.TRAJECTORY_POINTS);
        html.append("<h2>Landscape</h2>\n<p class=\"note\">U(&theta;) = &minus;log &pi;(&theta;) + const over a box"
                + " covering the draws; colours run from the lowest U in the box to its 95th percentile. Lines with"
                + " markers: chains ").append(esc(range(shown)))
                .append(stride > 1 ? ", one draw in " + stride : "").append(".</p>\n");
        figure(html, figures, new Figure("landscape.png", Plots.landscape(rebuilt, run.draws(), kept, shown,
                run.names()), 680, 600, "U(θ) of " + name + " with the trajectories of chains " + range(shown) + "."));
    }

    private static void figure(StringBuilder html, List<Figure> figures, Figure f) {
        figures.add(f);
        html.append("<figure style=\"max-width: ").append(f.width()).append("px\"><img src=\"").append(IMAGES)
                .append('/').append(f.file()).append("\" width=\"").append(f.width()).append("\" height=\"")
                .append(f.height()).append("\" alt=\"").append(esc(f.caption())).append("\"><figcaption>")
                .append(esc(f.caption())).append("</figcaption></figure>\n");
    }

    private static String joinParams(Map<String, Object> params) {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    private static String range(List<Integer> chains) {
        if (chains.size() > 2 && chains.get(chains.size() - 1) - chains.get(0) == chains.size() - 1) {
            return chains.get(0) + "\u2013" + chains.get(chains.size() - 1);
        }
        return chains.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static String[] row(String key, Object value) {
        return new String[] {key, value == null ? "" : String.valueOf(value)};
    }

    /** A summary cell: effective sample sizes as whole draws, anything else by {@link #num(double)}. */
    static String num(String column, double v) {
        return column.startsWith("ess") && Double.isFinite(v) ? String.valueOf(Math.round(v)) : num(v);
    }

    /** Four significant digits, without an exponent below ten million. */
    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        String text = String.format(Locale.ROOT, "%.4g", v);
        return text.contains("e+") && Math.abs(v) < 1e7 ? String.format(Locale.ROOT, "%.0f", v) : text;
    }

    private static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 1.5em auto; max-width: 1320px; padding: 0 1em; color: #222; }
            h1 { font-size: 1.5em; margin-bottom: 0.1em; }
            h2 { font-size: 1.25em; margin-top: 1.8em; border-bottom: 1px solid #ccc; }
            h3 { font-size: 1.05em; margin: 1.2em 0 0.3em; }
            .path { color: #666; font-family: monospace; margin-top: 0; }
            .note { color: #444; max-width: 60em; }
            .facts { font-weight: normal; color: #555; }
            table { border-collapse: collapse; font-size: 0.9em; }
            th, td { padding: 2px 10px; border-bottom: 1px solid #eee; }
            table.plan th { text-align: left; color: #555; font-weight: normal; }
            table.summary th { background: #f3f3f3; position: sticky; top: 0; }
            table.summary td { text-align: right; font-variant-numeric: tabular-nums; }
            table.summary td.name { text-align: left; font-family: monospace; }
            td.flag { background: #f8d0d0; font-weight: bold; }
            .row { display: flex; flex-wrap: wrap; gap: 0.5em; align-items: flex-start; }
            figure { margin: 0; }
            img { max-width: 100%; height: auto; border: 1px solid #eee; }
            figcaption { font-size: 0.85em; color: #555; }
            """;
}
