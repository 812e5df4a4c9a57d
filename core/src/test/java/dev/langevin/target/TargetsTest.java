package dev.langevin.target;

import dev.langevin.error.InvalidParameterException;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetsTest {

    @Test
    void ackleyHasItsTextbookValues() throws Exception {
        Target ackley = Targets.create("ackley", new Targets.Request(2, Params.empty(), null, 1));
        assertEquals(0, ackley.potential(new double[] {0, 0}), 1e-12);
        // f(1, 1) = -20 exp(-0.2) - exp(1) + 20 + e = 20 (1 - exp(-0.2))
        assertEquals(20 * (1 - Math.exp(-0.2)), ackley.potential(new double[] {1, 1}), 1e-12);
    }

    @Test
    void autoregressivePrecisionInvertsTheCovariance() {
        int d = 4;
        double rho = 0.6;
        double sigma = 2;
        CorrelatedGaussian target = CorrelatedGaussian.autoregressive(new double[d], rho, sigma);
        // grad U(e_k) = P e_k is column k of P; P times Sigma must be the identity
        double[] column = new double[d];
        for (int k = 0; k < d; k++) {
            double[] unit = new double[d];
            unit[k] = 1;
            target.potentialGradient(unit, column);
            for (int i = 0; i < d; i++) {
                double product = 0;
                for (int j = 0; j < d; j++) {
                    // P is symmetric, so row i of P is column i
                    double[] ei = new double[d];
                    ei[i] = 1;
                    double[] rowI = new double[d];
                    target.potentialGradient(ei, rowI);
                    product += rowI[j] * sigma * sigma * Math.pow(rho, Math.abs(j - k));
                }
                assertEquals(i == k ? 1 : 0, product, 1e-12);
            }
        }
    }

    @Test
    void precisionMatrixFileGivesTheSameTargetAsRho(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        int d = 3;
        double rho = 0.5;
        CorrelatedGaussian fromRho = CorrelatedGaussian.autoregressive(new double[d], rho, 1);
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < d; i++) {
            double[] unit = new double[d];
            unit[i] = 1;
            double[] row = new double[d];
            fromRho.potentialGradient(unit, row);
            for (int j = 0; j < d; j++) {
                csv.append(j == 0 ? "" : ",").append(row[j]);
            }
            csv.append('\n');
        }
        java.nio.file.Path file = dir.resolve("precision.csv");
        java.nio.file.Files.writeString(file, csv);
        Target fromFile = Targets.create("correlated-gaussian",
                new Targets.Request(d, Params.parse("precision=" + file), null, 1));
        double[] theta = {0.3, -1.2, 2};
        assertEquals(fromRho.potential(theta), fromFile.potential(theta), 1e-12);
        dev.langevin.data.DataFormatException wrongSize = org.junit.jupiter.api.Assertions.assertThrows(
                dev.langevin.data.DataFormatException.class, () -> Targets.create("correlated-gaussian",
                        new Targets.Request(4, Params.parse("precision=" + file), null, 1)));
        assertTrue(wrongSize.getMessage().contains("the dimension is 4"), wrongSize.getMessage());
    }

    @Test
    void precisionMatrixMustBeSymmetric(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("asymmetric.csv");
        java.nio.file.Files.writeString(file, "2,0.5,0.25\n0.5,2,0.5\n0.3,0.5,2\n");
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> Targets.create(
                "correlated-gaussian", new Targets.Request(3, Params.parse("precision=" + file), null, 1)));
        assertEquals("The precision matrix in " + file + " is not symmetric: entry (0, 2) is 0.25 but entry (2, 0) is "
                + "0.3 (rows and columns counted from 0).", e.getMessage());
    }

    @Test
    void precisionMatrixMustBePositiveDefinite(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // symmetric, eigenvalues 3, -1 and 1: the second pivot is 1 - 2^2 / 1 = -3
        java.nio.file.Path file = dir.resolve("indefinite.csv");
        java.nio.file.Files.writeString(file, "1,2,0\n2,1,0\n0,0,1\n");
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> Targets.create(
                "correlated-gaussian", new Targets.Request(3, Params.parse("precision=" + file), null, 1)));
        assertTrue(e.getMessage().startsWith("The precision matrix in " + file + " is not positive definite: Cholesky's "
                + "pivot 1 (counted from 0), the diagonal entry 1.0 less what the earlier rows explain, is -3.0"),
                e.getMessage());
        // a zero pivot (singular) is refused too, and a positive-definite matrix is accepted
        assertThrows(InvalidParameterException.class, () -> new CorrelatedGaussian(new double[2], new double[] {1, 1, 1, 1}));
        new CorrelatedGaussian(new double[2], new double[] {2, -1, -1, 2});
    }

    @Test
    void mixtureOfOneComponentIsAGaussian() {
        Mixture mixture = new Mixture(3, new double[] {1.5}, new double[] {0.7}, new double[] {1});
        Gaussian gaussian = new Gaussian(new double[] {1.5, 1.5, 1.5}, new double[] {0.7, 0.7, 0.7});
        double[] a = {0.1, 2, -1};
        double[] b = {1, 1, 1};
        assertEquals(gaussian.potential(a) - gaussian.potential(b), mixture.potential(a) - mixture.potential(b), 1e-12);
    }

    @Test
    void badParametersAreNamed() {
        InvalidParameterException unknown = assertThrows(InvalidParameterException.class,
                () -> Targets.create("gaussian", new Targets.Request(2, Params.parse("mu=3"), null, 1)));
        assertTrue(unknown.getMessage().contains("mu") && unknown.getMessage().contains("mean, sigma"), unknown.getMessage());
        assertEquals(List.of("model.mu"), unknown.parameters());
        InvalidParameterException mismatch = assertThrows(InvalidParameterException.class,
                () -> Targets.create("gaussian", new Targets.Request(3, Params.parse("mean=1:2"), null, 1)));
        assertTrue(mismatch.getMessage().contains("the dimension is 3"), mismatch.getMessage());
        assertEquals(List.of("model.mean"), mismatch.parameters());
        InvalidParameterException target = assertThrows(InvalidParameterException.class,
                () -> Targets.entry("logistic-regresion"));
        assertTrue(target.getMessage().startsWith("Unknown target 'logistic-regresion'; did you mean logistic-regression?"),
                target.getMessage());
        assertFalse(target.getMessage().contains("--"), "library messages name no command-line option");
        InvalidParameterException far = assertThrows(InvalidParameterException.class, () -> Targets.entry("banana"));
        assertFalse(far.getMessage().contains("did you mean"), "no suggestion for a name far from every target");
        assertEquals(List.of("model.sigma"), assertThrows(InvalidParameterException.class,
                () -> Targets.create("gaussian", new Targets.Request(2, Params.parse("sigma=-1"), null, 1))).parameters());
        assertEquals(List.of("dimension"), assertThrows(InvalidParameterException.class,
                () -> Targets.create("rosenbrock", new Targets.Request(1, Params.empty(), null, 1))).parameters());
        assertThrows(InvalidParameterException.class,
                () -> Targets.create("logistic-regression", new Targets.Request(0, Params.empty(), null, 1)));
    }
}
