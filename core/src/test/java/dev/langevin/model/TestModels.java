package dev.langevin.model;

import dev.langevin.data.Dataset;
import dev.langevin.target.Params;

/** Small models in the kernel subset, for tests. */
public final class TestModels {
    private TestModels() {
    }

    /**
     * Bayesian linear regression with unit noise and a N(0, 1/precision) prior: y_i ~ N(theta_0 +
     * x_i . theta_1..p, 1); rows hold (x_i, y_i). p = (prior precision, columns).
     */
    public static final class Regression implements Model {
        private final Dataset data;
        private final float precision;

        public Regression(Params params, Dataset data) {
            this.data = data;
            this.precision = (float) params.number("precision", 0.01);
        }

        @Override
        public String name() {
            return "test-regression";
        }

        @Override
        public int dim() {
            return data.columns() + 1;
        }

        @Override
        public float[] parameters() {
            return new float[] {precision, data.columns()};
        }

        @Override
        public int rows() {
            return data.rows();
        }

        @Override
        public int rowLength() {
            return data.columns() + 1;
        }

        @Override
        public float[] data() {
            int length = rowLength();
            float[] x = new float[rows() * length];
            for (int i = 0; i < rows(); i++) {
                for (int c = 0; c < data.columns(); c++) {
                    x[i * length + c] = (float) data.feature(i, c);
                }
                x[i * length + data.columns()] = (float) data.labels()[i];
            }
            return x;
        }

        public static float priorPotential(float[] theta, int t, int stride, float[] p) {
            float sum = 0f;
            for (int j = 0; j <= (int) p[1]; j++) {
                float v = theta[t + j * stride];
                sum += v * v;
            }
            return 0.5f * p[0] * sum;
        }

        public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
            for (int j = 0; j <= (int) p[1]; j++) {
                grad[g + j * stride] = p[0] * theta[t + j * stride];
            }
        }

        public static float rowPotential(float[] theta, int t, int stride, float[] p, float[] x, int r) {
            float residual = residual(theta, t, stride, p, x, r);
            return 0.5f * residual * residual;
        }

        public static void addRowGradient(float[] theta, int t, int stride, float[] p, float[] x, int r, float weight,
                                          float[] grad, int g) {
            int columns = (int) p[1];
            float slope = -weight * residual(theta, t, stride, p, x, r);
            grad[g] += slope;
            for (int c = 0; c < columns; c++) {
                grad[g + (c + 1) * stride] += slope * x[r + c];
            }
        }

        static float residual(float[] theta, int t, int stride, float[] p, float[] x, int r) {
            int columns = (int) p[1];
            float mean = theta[t];
            for (int c = 0; c < columns; c++) {
                mean += theta[t + (c + 1) * stride] * x[r + c];
            }
            return x[r + columns] - mean;
        }
    }

    /** U = theta_0^2 + theta_1^2 with a gradient missing its factor 2 in the second coordinate. */
    public static final class WrongGradient implements Model {
        @Override
        public String name() {
            return "wrong-gradient";
        }

        @Override
        public int dim() {
            return 2;
        }

        public static float priorPotential(float[] theta, int t, int stride, float[] p) {
            return theta[t] * theta[t] + theta[t + stride] * theta[t + stride];
        }

        public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
            grad[g] = 2f * theta[t];
            grad[g + stride] = theta[t + stride];
        }
    }

    /** A model whose potential returns double: outside the kernel subset's signatures. */
    public static final class DoublePotential implements Model {
        @Override
        public String name() {
            return "double-potential";
        }

        @Override
        public int dim() {
            return 1;
        }

        public static double priorPotential(float[] theta, int t, int stride, float[] p) {
            return theta[t] * theta[t];
        }

        public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
            grad[g] = 2f * theta[t];
        }
    }
}
