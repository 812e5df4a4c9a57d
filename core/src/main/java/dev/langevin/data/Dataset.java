package dev.langevin.data;

/**
 * A numeric data set: a feature matrix (rows x columns, row-major) and one label per row,
 * with the standardisation that was applied to the features, if any.
 *
 * @param features      row-major feature values, rows * columns
 * @param labels        one label per row
 * @param rows          number of rows N
 * @param columns       number of feature columns p
 * @param featureMeans  means subtracted from each column (zeros when not standardised)
 * @param featureScales standard deviations each column was divided by (ones when not standardised)
 */
public record Dataset(double[] features, double[] labels, int rows, int columns,
                      double[] featureMeans, double[] featureScales) {

    /** Feature j of row i. */
    public double feature(int row, int column) {
        return features[row * columns + column];
    }

    /** Whether features were centred and scaled. */
    public boolean standardized() {
        for (int j = 0; j < columns; j++) {
            if (featureMeans[j] != 0 || featureScales[j] != 1) {
                return true;
            }
        }
        return false;
    }

    /**
     * Centres every feature column to mean 0 and scales it to standard deviation 1 (the
     * n - 1 estimate); a constant column is only centred.
     */
    public Dataset standardize() {
        double[] means = new double[columns];
        double[] scales = new double[columns];
        double[] out = features.clone();
        for (int j = 0; j < columns; j++) {
            double sum = 0;
            for (int i = 0; i < rows; i++) {
                sum += feature(i, j);
            }
            double mean = sum / rows;
            double squares = 0;
            for (int i = 0; i < rows; i++) {
                double z = feature(i, j) - mean;
                squares += z * z;
            }
            double sd = rows > 1 ? Math.sqrt(squares / (rows - 1)) : 0;
            means[j] = mean;
            scales[j] = sd > 0 ? sd : 1;
            for (int i = 0; i < rows; i++) {
                out[i * columns + j] = (feature(i, j) - mean) / scales[j];
            }
        }
        return new Dataset(out, labels, rows, columns, means, scales);
    }

    /** The listed rows, in the order given, with this data set's standardisation. */
    public Dataset select(int[] rowList) {
        double[] f = new double[rowList.length * columns];
        double[] y = new double[rowList.length];
        for (int k = 0; k < rowList.length; k++) {
            System.arraycopy(features, rowList[k] * columns, f, k * columns, columns);
            y[k] = labels[rowList[k]];
        }
        return new Dataset(f, y, rowList.length, columns, featureMeans, featureScales);
    }

    /**
     * Centres and scales every feature column with given means and scales (another data set's,
     * such as the training rows' for held-out rows); this data set must not be standardised yet.
     */
    public Dataset standardizeLike(double[] means, double[] scales) {
        double[] out = new double[features.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                out[i * columns + j] = (feature(i, j) - means[j]) / scales[j];
            }
        }
        return new Dataset(out, labels, rows, columns, means.clone(), scales.clone());
    }
}
