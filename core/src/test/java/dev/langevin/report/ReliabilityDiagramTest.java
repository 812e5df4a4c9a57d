package dev.langevin.report;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reliability diagram: a bar per non-empty bin, each labelled with its number of rows above its top. */
class ReliabilityDiagramTest {
    private static final double[] LOWER = {0, 1.0 / 3, 2.0 / 3};
    private static final double[] UPPER = {1.0 / 3, 2.0 / 3, 1};
    private static final double[] CONFIDENCE = {Double.NaN, 0.55, 0.97};
    private static final double[] ACCURACY = {Double.NaN, 0.5, 0.99};

    @Test
    void eachNonEmptyBarIsLabelledWithItsRows() {
        JFreeChart chart = Plots.reliability(LOWER, UPPER, CONFIDENCE, ACCURACY, new double[] {0, 2, 341}, "t");
        XYPlot plot = chart.getXYPlot();
        List<XYTextAnnotation> labels = plot.getAnnotations().stream().map(a -> (XYTextAnnotation) a).toList();
        assertEquals(List.of("2", "341"), labels.stream().map(XYTextAnnotation::getText).toList());
        assertEquals(0.5, labels.get(0).getX(), 1e-12, "over the middle bin's centre");
        assertTrue(labels.get(1).getY() > 0.99 && labels.get(1).getY() < 1.1, "just above the bar's top, in the plot");
        assertTrue(plot.getRangeAxis().getUpperBound() >= labels.get(1).getY() + 0.05, "room for the label");
    }

    @Test
    void withoutCountsThereAreNoLabels() {
        JFreeChart chart = Plots.reliability(LOWER, UPPER, CONFIDENCE, ACCURACY, null, "t");
        assertTrue(chart.getXYPlot().getAnnotations().isEmpty());
    }
}
