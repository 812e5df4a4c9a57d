package dev.langevin.report;

import dev.langevin.diagnostics.Ranks;
import dev.langevin.target.Target;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYAreaRenderer;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The report's pictures, one static method each, as JFreeChart charts ready to be written as PNG. */
public final class Plots {
    /** Chain colours of trace and rank plots (Tableau 10), so a chain has one colour in both. */
    static final Color[] CHAIN_COLOURS = {
            new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2),
            new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0x9C755F)};
    /** Trajectory colours over the landscape: bright, and unlike any shade of viridis. */
    static final Color[] OVERLAY_COLOURS = {
            new Color(0xFF2A2A), Color.WHITE, new Color(0xFF9F1C), new Color(0xFF66D8)};
    /** Trace points per chain beyond which every k-th draw is drawn. */
    static final int TRACE_POINTS = 4000;
    /** Trajectory points per chain on the landscape; more is a blot. */
    static final int TRAJECTORY_POINTS = 250;
    /** Grid cells per side of the landscape. */
    static final int LANDSCAPE_GRID = 160;

    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Color GRID = new Color(0xDDDDDD);
    private static final Color BARS = new Color(0x4E79A7);
    private static final Color FLAG = new Color(0xC0392B);
    private static final BasicStroke DASHED = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10, new float[] {5, 4}, 0);

    private Plots() {
    }

    /** Every k-th point so that at most {@code max} of {@code n} remain. */
    static int stride(int n, int max) {
        return Math.max(1, (n + max - 1) / max);
    }

    /**
     * Draw index against value for a few chains overlaid.
     *
     * @param draws  the run's draws
     * @param j      the coordinate
     * @param name   its name
     * @param chains the chains to draw, at most {@link #CHAIN_COLOURS} of them
     */
    public static JFreeChart trace(Draws draws, int j, String name, List<Integer> chains) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        LegendItemCollection legend = new LegendItemCollection();
        int step = stride(draws.draws(), TRACE_POINTS);
        for (int i = 0; i < chains.size(); i++) {
            int c = chains.get(i);
            XYSeries series = new XYSeries("chain " + c, false, true);
            double[] values = draws.chain(c, j);
            for (int t = 0; t < draws.draws(); t += step) {
                series.add(t, values[t], false);
            }
            data.addSeries(series);
            Color colour = CHAIN_COLOURS[i % CHAIN_COLOURS.length];
            renderer.setSeriesPaint(i, translucent(colour, 200));
            renderer.setSeriesStroke(i, new BasicStroke(0.8f));
            legend.add(swatch("chain " + c, colour));
        }
        XYPlot plot = xyPlot(data, renderer, "draw (after burn-in and thinning)", name);
        plot.setFixedLegendItems(legend);
        plot.getDomainAxis().setLowerMargin(0);
        plot.getDomainAxis().setUpperMargin(0);
        return chart("Trace of " + name, plot, true);
    }

    /**
     * The rank plot of Vehtari et al. (2021): every kept draw of the parameter is ranked among
     * all kept draws pooled over chains, and each shown chain gets a histogram of its ranks.
     * Chains that mix give flat histograms; the dashed line is the expected count and the grey
     * band its 95% interval for independent draws.
     *
     * @param draws the run's draws
     * @param j     the coordinate
     * @param name  its name
     * @param kept  the chains pooled for ranking
     * @param shown the chains given a panel, a prefix of {@code kept}
     * @param bins  bins per histogram
     */
    public static JFreeChart ranks(Draws draws, int j, String name, List<Integer> kept, List<Integer> shown, int bins) {
        double[] ranks = Ranks.of(draws.pooled(j, kept));
        int n = draws.draws();
        double total = ranks.length;
        NumberAxis rankAxis = axis(String.format(Locale.ROOT, "rank among all %,d pooled draws", ranks.length));
        rankAxis.setRange(0.5, total + 0.5);
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(rankAxis);
        combined.setGap(4);
        Histogram[] histograms = new Histogram[shown.size()];
        double top = 0;
        for (int i = 0; i < shown.size(); i++) {
            int position = kept.indexOf(shown.get(i));
            double[] own = Arrays.copyOfRange(ranks, position * n, (position + 1) * n);
            histograms[i] = Histogram.of(own, bins, 0.5, total + 0.5);
            top = Math.max(top, Arrays.stream(histograms[i].counts()).max().orElse(0));
        }
        double expected = (double) n / bins;
        double p = 1.0 / bins;
        double half = 1.96 * Math.sqrt(n * p * (1 - p));
        top = Math.max(top, expected + half) * 1.08;
        for (int i = 0; i < shown.size(); i++) {
            XYIntervalSeriesCollection data = bars("chain " + shown.get(i), histograms[i]);
            XYPlot panel = xyPlot(data, barRenderer(CHAIN_COLOURS[i % CHAIN_COLOURS.length]), null,
                    "chain " + shown.get(i));
            panel.getRangeAxis().setRange(0, top);
            panel.getRangeAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
            panel.getRangeAxis().setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            panel.addRangeMarker(new IntervalMarker(Math.max(0, expected - half), expected + half,
                    new Color(0, 0, 0, 28)), Layer.BACKGROUND);
            panel.addRangeMarker(new ValueMarker(expected, Color.DARK_GRAY, DASHED), Layer.FOREGROUND);
            combined.add(panel);
        }
        return chart("Rank plot of " + name, combined, false);
    }

    /**
     * A marginal density over {@link Density#from()} to {@link Density#to()}, with its 5%, 50%
     * and 95% quantiles marked (dashed, solid, dashed); NaN quantiles are left out.
     */
    public static JFreeChart density(Density density, String name, double q5, double q50, double q95) {
        XYSeries series = new XYSeries(name, false, true);
        for (int g = 0; g < density.x().length; g++) {
            series.add(density.x()[g], density.y()[g], false);
        }
        XYAreaRenderer renderer = new XYAreaRenderer(XYAreaRenderer.AREA);
        renderer.setSeriesPaint(0, translucent(BARS, 110));
        renderer.setOutline(true);
        renderer.setSeriesOutlinePaint(0, BARS.darker());
        renderer.setSeriesOutlineStroke(0, new BasicStroke(1.2f));
        XYPlot plot = xyPlot(new XYSeriesCollection(series), renderer, name, "density");
        plot.getDomainAxis().setRange(density.from(), density.to());
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
        for (double q : new double[] {q5, q95}) {
            if (Double.isFinite(q)) {
                plot.addDomainMarker(new ValueMarker(q, Color.DARK_GRAY, DASHED));
            }
        }
        if (Double.isFinite(q50)) {
            plot.addDomainMarker(new ValueMarker(q50, Color.DARK_GRAY, new BasicStroke(1.2f)));
        }
        return chart(name, plot, false);
    }

    /**
     * A histogram of one diagnostic over parameters, with a red line at its threshold.
     *
     * @param values     one value per parameter; NaN and infinities are left out
     * @param title      the chart's title
     * @param label      the value axis label
     * @param threshold  where to draw the line
     */
    public static JFreeChart histogram(double[] values, String title, String label, double threshold) {
        double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
        double min = Arrays.stream(finite).min().orElse(threshold);
        double max = Arrays.stream(finite).max().orElse(threshold);
        if (max - min < 1e-9 * Math.max(1, Math.abs(max))) {
            double pad = Math.max(1e-3, 0.01 * Math.abs(max));
            min -= pad;
            max += pad;
        }
        int bins = (int) Math.max(5, Math.min(40, Math.round(2 * Math.sqrt(finite.length))));
        Histogram histogram = Histogram.of(finite, bins, min, max);
        XYPlot plot = xyPlot(bars(label, histogram), barRenderer(BARS), label, "parameters");
        plot.getRangeAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        // counts start at zero, or a bar of one would look empty
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
        double lo = Math.min(min, threshold);
        double hi = Math.max(max, threshold);
        double margin = 0.05 * (hi - lo);
        plot.getDomainAxis().setRange(lo - margin, hi + margin);
        ValueMarker line = new ValueMarker(threshold, FLAG, new BasicStroke(1.5f));
        line.setLabel(BigDecimal.valueOf(threshold).stripTrailingZeros().toPlainString());
        line.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        line.setLabelOffset(new RectangleInsets(4, 4, 4, 4));
        line.setLabelFont(TICK);
        line.setLabelPaint(FLAG);
        line.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        line.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        plot.addDomainMarker(line, Layer.FOREGROUND);
        return chart(title, plot, false);
    }

    /**
     * A reliability diagram: for each confidence bin [lower, upper] holding rows, a bar up to the
     * accuracy of its rows, with the mean confidence of its rows as a point; the dashed diagonal is
     * perfect calibration. Empty bins (NaN accuracy) have no bar. Each bar is labelled with its
     * number of rows, since a bar of one or two rows says little about calibration.
     *
     * @param lower      bins' lower edges
     * @param upper      bins' upper edges
     * @param confidence mean confidence per bin
     * @param accuracy   accuracy per bin
     * @param rows       rows per bin, or null for no labels
     * @param title      the chart's title
     */
    public static JFreeChart reliability(double[] lower, double[] upper, double[] confidence, double[] accuracy,
                                         double[] rows, String title) {
        XYIntervalSeries bars = new XYIntervalSeries("accuracy", false, true);
        XYSeries points = new XYSeries("mean confidence", false, true);
        for (int b = 0; b < lower.length; b++) {
            if (Double.isFinite(accuracy[b])) {
                bars.add((lower[b] + upper[b]) / 2, lower[b], upper[b], accuracy[b], accuracy[b], accuracy[b]);
                points.add((lower[b] + upper[b]) / 2, confidence[b]);
            }
        }
        XYIntervalSeriesCollection barData = new XYIntervalSeriesCollection();
        barData.addSeries(bars);
        XYPlot plot = xyPlot(barData, barRenderer(BARS), "confidence (highest predicted probability)",
                "accuracy");
        XYSeries diagonal = new XYSeries("perfect calibration");
        diagonal.add(0, 0);
        diagonal.add(1, 1);
        XYSeriesCollection lines = new XYSeriesCollection();
        lines.addSeries(diagonal);
        lines.addSeries(points);
        XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer();
        lineRenderer.setSeriesLinesVisible(0, true);
        lineRenderer.setSeriesShapesVisible(0, false);
        lineRenderer.setSeriesPaint(0, Color.GRAY);
        lineRenderer.setSeriesStroke(0, DASHED);
        lineRenderer.setSeriesLinesVisible(1, false);
        lineRenderer.setSeriesShapesVisible(1, true);
        lineRenderer.setSeriesShape(1, new Ellipse2D.Double(-3, -3, 6, 6));
        lineRenderer.setSeriesPaint(1, FLAG);
        plot.setDataset(1, lines);
        plot.setRenderer(1, lineRenderer);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.getDomainAxis().setRange(0, 1);
        plot.getRangeAxis().setRange(0, rows == null ? 1.02 : 1.1);
        if (rows != null) {
            Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 8);
            for (int b = 0; b < lower.length; b++) {
                if (Double.isFinite(accuracy[b]) && b < rows.length && rows[b] > 0) {
                    XYTextAnnotation count = new XYTextAnnotation(String.format(Locale.ROOT, "%.0f", rows[b]),
                            (lower[b] + upper[b]) / 2, accuracy[b] + 0.01);
                    count.setFont(small);
                    count.setTextAnchor(TextAnchor.BOTTOM_CENTER);
                    plot.addAnnotation(count);
                }
            }
        }
        LegendItemCollection legend = new LegendItemCollection();
        legend.add(swatch("accuracy of the bin's rows (number of rows above)", BARS));
        legend.add(swatch("their mean confidence", FLAG));
        legend.add(swatch("perfect calibration", Color.GRAY));
        plot.setFixedLegendItems(legend);
        return chart(title, plot, true);
    }

    /**
     * The potential U of a 2-D target as a colour map over a box covering the draws, with the
     * trajectories of a few chains on top (every k-th draw, at most {@link #TRAJECTORY_POINTS}
     * per chain). Colours run from the box's lowest U to its 95th percentile; higher U is yellow.
     *
     * @param target the rebuilt target, of dimension 2
     * @param draws  the run's draws
     * @param kept   the chains whose draws the box must cover
     * @param shown  the chains drawn as trajectories, at most {@link #OVERLAY_COLOURS} of them
     * @param names  the two parameter names
     */
    public static JFreeChart landscape(Target target, Draws draws, List<Integer> kept, List<Integer> shown,
                                       List<String> names) {
        double[][] box = {box(draws, 0, kept, shown), box(draws, 1, kept, shown)};
        squareUp(box);
        int g = LANDSCAPE_GRID;
        double dx = (box[0][1] - box[0][0]) / g;
        double dy = (box[1][1] - box[1][0]) / g;
        double[][] cells = new double[3][g * g];
        double[] theta = new double[2];
        for (int a = 0; a < g; a++) {
            for (int b = 0; b < g; b++) {
                int k = a * g + b;
                theta[0] = box[0][0] + (a + 0.5) * dx;
                theta[1] = box[1][0] + (b + 0.5) * dy;
                cells[0][k] = theta[0];
                cells[1][k] = theta[1];
                cells[2][k] = target.potential(theta);
            }
        }
        double[] sorted = Arrays.stream(cells[2]).filter(Double::isFinite).sorted().toArray();
        double lower = sorted.length == 0 ? 0 : sorted[0];
        double upper = sorted.length == 0 ? 1 : Density.quantile(sorted, 0.95);
        ViridisScale scale = new ViridisScale(lower, upper);
        DefaultXYZDataset surface = new DefaultXYZDataset();
        surface.addSeries("U", cells);
        XYBlockRenderer blocks = new XYBlockRenderer();
        blocks.setBlockWidth(dx);
        blocks.setBlockHeight(dy);
        blocks.setBlockAnchor(RectangleAnchor.CENTER);
        blocks.setPaintScale(scale);
        XYPlot plot = xyPlot(surface, blocks, names.get(0), names.get(1));
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.getDomainAxis().setRange(box[0][0], box[0][1]);
        plot.getRangeAxis().setRange(box[1][0], box[1][1]);

        XYSeriesCollection paths = new XYSeriesCollection();
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
        LegendItemCollection legendItems = new LegendItemCollection();
        int step = stride(draws.draws(), TRAJECTORY_POINTS);
        for (int i = 0; i < shown.size(); i++) {
            int c = shown.get(i);
            XYSeries series = new XYSeries("chain " + c, false, true);
            double[] x = draws.chain(c, 0);
            double[] y = draws.chain(c, 1);
            for (int t = 0; t < draws.draws(); t += step) {
                series.add(x[t], y[t], false);
            }
            paths.addSeries(series);
            Color colour = OVERLAY_COLOURS[i % OVERLAY_COLOURS.length];
            lines.setSeriesPaint(i, translucent(colour, 210));
            lines.setSeriesStroke(i, new BasicStroke(0.9f));
            lines.setSeriesShape(i, new Ellipse2D.Double(-1.8, -1.8, 3.6, 3.6));
            legendItems.add(swatch("chain " + c, colour));
        }
        plot.setFixedLegendItems(legendItems);
        plot.setDataset(1, paths);
        plot.setRenderer(1, lines);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);

        JFreeChart chart = chart("U(θ) of " + target.name() + " with trajectories", plot, true);
        NumberAxis legendAxis = axis("U(θ)");
        legendAxis.setRange(scale.getLowerBound(), scale.getUpperBound());
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        legend.setStripWidth(14);
        legend.setSubdivisionCount(256);
        legend.setMargin(new RectangleInsets(30, 4, 30, 4));
        legend.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(legend);
        return chart;
    }

    /**
     * One side of the landscape box: the range of the shown trajectories and of the 0.5% to
     * 99.5% quantiles of all kept draws, padded by 5%, so a stray draw does not shrink the map.
     */
    static double[] box(Draws draws, int j, List<Integer> kept, List<Integer> shown) {
        double[] all = Arrays.stream(draws.pooled(j, kept)).filter(Double::isFinite).sorted().toArray();
        double lo = Density.quantile(all, 0.005);
        double hi = Density.quantile(all, 0.995);
        for (int c : shown) {
            for (double v : draws.chain(c, j)) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        double pad = hi > lo ? 0.05 * (hi - lo) : Math.max(1, Math.abs(hi));
        return new double[] {lo - pad, hi + pad};
    }

    /**
     * Widens the shorter side of the box to the longer one's length when they differ by at most
     * a factor of 3, so that a round well looks round; a thinner box is left as it is.
     */
    static void squareUp(double[][] box) {
        double w = box[0][1] - box[0][0];
        double h = box[1][1] - box[1][0];
        if (Math.max(w, h) > 3 * Math.min(w, h)) {
            return;
        }
        int narrow = w < h ? 0 : 1;
        double grow = (Math.abs(w - h)) / 2;
        box[narrow][0] -= grow;
        box[narrow][1] += grow;
    }

    /** A legend entry as a filled square with a grey edge, readable even for a thin or white line. */
    private static LegendItem swatch(String label, Color colour) {
        return new LegendItem(label, null, null, null, new Rectangle2D.Double(-5, -5, 10, 10), colour,
                new BasicStroke(0.8f), Color.GRAY);
    }

    private static XYIntervalSeriesCollection bars(String key, Histogram histogram) {
        XYIntervalSeries series = new XYIntervalSeries(key, false, true);
        for (int k = 0; k < histogram.counts().length; k++) {
            double left = histogram.left(k);
            double count = histogram.counts()[k];
            series.add(left + histogram.width() / 2, left, left + histogram.width(), count, count, count);
        }
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        data.addSeries(series);
        return data;
    }

    private static XYBarRenderer barRenderer(Color colour) {
        XYBarRenderer renderer = new XYBarRenderer();
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(true);
        renderer.setSeriesPaint(0, colour);
        renderer.setSeriesOutlinePaint(0, Color.WHITE);
        return renderer;
    }

    private static XYPlot xyPlot(XYDataset data, XYItemRenderer renderer, String xLabel, String yLabel) {
        XYPlot plot = new XYPlot(data, axis(xLabel), axis(yLabel), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.GRAY);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(0.6f));
        plot.setRangeGridlineStroke(new BasicStroke(0.6f));
        return plot;
    }

    private static NumberAxis axis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        axis.setLabelFont(LABEL);
        axis.setTickLabelFont(TICK);
        return axis;
    }

    private static JFreeChart chart(String title, Plot plot, boolean legend) {
        JFreeChart chart = new JFreeChart(title, TITLE, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        if (legend) {
            chart.getLegend().setItemFont(TICK);
            chart.getLegend().setFrame(BlockBorder.NONE);
        }
        return chart;
    }

    private static Paint translucent(Color colour, int alpha) {
        return new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), alpha);
    }
}
