package dev.langevin.engine.cpu;

import dev.langevin.target.CorrelatedGaussian;

import jdk.incubator.vector.FloatVector;


/**
 * Twin of {@link CorrelatedGaussian#potentialGradient}: P (theta - mu), with the precision
 * matrix P held sparse (row by row, zeros dropped), since the common AR(1) precision is
 * tridiagonal; dropped zeros add exact zeros in the reference's dense sum.
 */
final class CorrelatedGaussianGradient extends BlockGradient {
    private final float[] mean;
    private final int[] rowStart;
    private final int[] columns;
    private final float[] values;
    private final float[] centred;

    CorrelatedGaussianGradient(CorrelatedGaussian target) {
        CorrelatedGaussian.SparseRows rows = target.sparsePrecision();
        this.mean = toFloats(target.mean());
        this.rowStart = rows.rowStart();
        this.columns = rows.columns();
        this.values = toFloats(rows.values());
        this.centred = new float[mean.length * LANES];
    }

    @Override
    void gradient(float[] theta, float[] gradient, int chain0, int step) {
        int d = mean.length;
        for (int j = 0; j < d; j++) {
            load(theta, j).sub(mean[j]).intoArray(centred, j * LANES);
        }
        for (int i = 0; i < d; i++) {
            FloatVector row = FloatVector.zero(FLOATS);
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                row = load(centred, columns[k]).fma(FloatVector.broadcast(FLOATS, values[k]), row);
            }
            row.intoArray(gradient, i * LANES);
        }
    }
}
