package dev.langevin.engine;

import dev.langevin.algorithm.Adam;
import dev.langevin.algorithm.Psgld;

import java.util.Arrays;

/**
 * The host's part of one launch of K fused steps (docs/DESIGN.md contract 3): each step's
 * size, noise scale sqrt(2 eta T), the bias corrections of Adam's moments (and of pSGLD's
 * squared-gradient average) as reciprocals, and the slot of
 * the launch's draw buffer that keeps the state after the step (-1 when it is not kept).
 * Kernels read these and hold no schedule logic.
 *
 * @param start            the launch's first step
 * @param fused            steps in the launch
 * @param stepSizes        eta of each step
 * @param noiseScales      sqrt(2 eta T) of each step; 0 in an exploration stage (csgld)
 * @param firstCorrection  1 / (1 - beta1^(k+1)) of each step
 * @param secondCorrection 1 / (1 - beta2^(k+1)) of each step, beta2 being the decay of the squared-gradient
 *                         average: Adam's 0.999, pSGLD's alpha
 * @param keptIndex        the draw-buffer slot of each step, or -1
 * @param keptDraws        draws the launch keeps
 * @param firstDraw        the draw index of its first kept draw, or -1
 */
public record LaunchSchedule(int start, int fused, float[] stepSizes, float[] noiseScales, float[] firstCorrection,
                             float[] secondCorrection, int[] keptIndex, int keptDraws, int firstDraw) {

    /** The values of steps start .. start + fused - 1 of a plan. */
    public static LaunchSchedule of(Plan plan, int start, int fused) {
        double[] sizes = new double[fused];
        plan.stepSize().fill(start, sizes);
        float[] eta = new float[fused];
        float[] scale = new float[fused];
        float[] first = new float[fused];
        float[] second = new float[fused];
        int[] kept = new int[fused];
        Arrays.fill(kept, -1);
        int keptDraws = 0;
        int firstDraw = -1;
        double beta2 = plan.rule() instanceof Psgld psgld ? psgld.alpha() : Adam.BETA2;
        for (int i = 0; i < fused; i++) {
            int step = start + i;
            eta[i] = (float) sizes[i];
            scale[i] = plan.rule().sampling(step) ? (float) Math.sqrt(2 * sizes[i] * plan.temperatureAt(step)) : 0f;
            first[i] = (float) (1 / (1 - Math.pow(Adam.BETA1, step + 1.0)));
            second[i] = (float) (1 / (1 - Math.pow(beta2, step + 1.0)));
            if (plan.kept(step)) {
                if (keptDraws == 0) {
                    firstDraw = plan.drawIndex(step);
                }
                kept[i] = keptDraws++;
            }
        }
        return new LaunchSchedule(start, fused, eta, scale, first, second, kept, keptDraws, firstDraw);
    }

    /** The most draws K consecutive steps can keep with a thinning of thin. */
    public static int keptPerLaunch(int k, int thin) {
        return Math.min(k, (k + thin - 1) / thin);
    }
}
