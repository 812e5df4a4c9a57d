package dev.langevin.report;

import org.jfree.chart.renderer.PaintScale;

import java.awt.Color;
import java.awt.Paint;
import java.io.Serial;
import java.io.Serializable;

/**
 * Matplotlib's viridis colour map over [lower, upper]: perceptually uniform and readable in
 * grey, so the landscape's levels read right. Values outside take the end colours.
 */
public final class ViridisScale implements PaintScale, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    // viridis sampled at 0, 1/8, ..., 1; linear interpolation in between is close to the full table
    private static final int[][] ANCHORS = {
            {68, 1, 84}, {71, 44, 122}, {59, 81, 139}, {44, 113, 142}, {33, 144, 141},
            {39, 173, 129}, {92, 200, 99}, {170, 220, 50}, {253, 231, 37}};

    private final double lower;
    private final double upper;

    /** A scale from {@code lower} (dark violet) to {@code upper} (yellow). */
    public ViridisScale(double lower, double upper) {
        this.lower = lower;
        this.upper = upper > lower ? upper : lower + 1;
    }

    @Override
    public double getLowerBound() {
        return lower;
    }

    @Override
    public double getUpperBound() {
        return upper;
    }

    @Override
    public Paint getPaint(double value) {
        double t = Double.isNaN(value) ? 1 : Math.max(0, Math.min(1, (value - lower) / (upper - lower)));
        double pos = t * (ANCHORS.length - 1);
        int k = Math.min(ANCHORS.length - 2, (int) pos);
        double f = pos - k;
        int[] a = ANCHORS[k];
        int[] b = ANCHORS[k + 1];
        return new Color((int) Math.round(a[0] + f * (b[0] - a[0])), (int) Math.round(a[1] + f * (b[1] - a[1])),
                (int) Math.round(a[2] + f * (b[2] - a[2])));
    }
}
