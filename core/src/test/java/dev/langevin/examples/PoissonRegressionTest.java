package dev.langevin.examples;

import dev.langevin.Sampler;
import dev.langevin.TestData;
import dev.langevin.data.Dataset;
import dev.langevin.diagnostics.ParameterSummary;
import dev.langevin.engine.InitialState;
import dev.langevin.engine.SamplerChecks;
import dev.langevin.engine.opencl.OpenCl;
import dev.langevin.model.GradientCheck;
import dev.langevin.model.Model;
import dev.langevin.model.ModelSource;
import dev.langevin.model.ModelTarget;
import dev.langevin.target.Params;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code examples/poisson-regression} on the diabetes data (3 standardised columns): MALA's
 * means and sds agree with the Laplace approximation (Newton's mode and the inverse Hessian
 * there, computed here in double), which is close to exact for a posterior of 442 counts.
 */
class PoissonRegressionTest {
    private static final int COLUMNS = 3;
    private static final double PRIOR_SD = 10;

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "opencl"})
    void malaAgreesWithTheLaplaceApproximation(String engine) throws Exception {
        assumeTrue(!engine.equals("opencl") || !OpenCl.devices().isEmpty()
                || System.getenv("LANGEVIN_REQUIRE_OPENCL") != null, "no OpenCL device here");
        Dataset data = TestData.diabetes();
        ModelTarget model = ModelTarget.of(ModelSource.instantiate(ModelSource.compile(Path.of(
                "examples/poisson-regression/PoissonRegression.java")), Params.parse("columns=" + COLUMNS), data))
                .withOpenCl(ModelSource.read(Path.of("examples/poisson-regression/PoissonRegression.cl")),
                        "examples/poisson-regression/PoissonRegression.cl");
        assertTrue(GradientCheck.of(model, 10, -0.5, 0.5, 1).passes());
        double[][] laplace = laplace(data);
        try (Sampler.Result result = Sampler.of(model).algorithm("mala").stepSize(1e-5).chains(64).steps(8000).thin(10)
                .init(new InitialState.Normal(0, 0.1)).seed(1).engine(engine).run()) {
            assertTrue(result.verdict().trusted(), result.verdict().text());
            for (int j = 0; j <= COLUMNS; j++) {
                ParameterSummary row = result.summary().get(j);
                double sd = Math.sqrt(laplace[1][j]);
                assertEquals(laplace[0][j], row.mean(), 0.15 * sd + 4 * row.mcseMean(), row + " against the mode");
                assertEquals(sd, row.sd(), 0.06 * sd, row + " against the Laplace sd");
            }
        }
    }

    /** The mode by Newton's method and the diagonal of the inverse Hessian there. */
    private static double[][] laplace(Dataset data) {
        int d = COLUMNS + 1;
        double[] beta = new double[d];
        // from the intercept of the mean count, where Newton's steps on a log link stay small
        beta[0] = Math.log(java.util.Arrays.stream(data.labels()).average().orElseThrow());
        double[][] hessian = new double[d][d];
        for (int iteration = 0; iteration < 100; iteration++) {
            double[] gradient = new double[d];
            for (int a = 0; a < d; a++) {
                java.util.Arrays.fill(hessian[a], 0);
                gradient[a] = beta[a] / (PRIOR_SD * PRIOR_SD);
                hessian[a][a] = 1 / (PRIOR_SD * PRIOR_SD);
            }
            for (int i = 0; i < data.rows(); i++) {
                double[] x = new double[d];
                x[0] = 1;
                for (int c = 0; c < COLUMNS; c++) {
                    x[c + 1] = data.feature(i, c);
                }
                double eta = 0;
                for (int a = 0; a < d; a++) {
                    eta += beta[a] * x[a];
                }
                double mu = Math.exp(eta);
                for (int a = 0; a < d; a++) {
                    gradient[a] += (mu - data.labels()[i]) * x[a];
                    for (int b = 0; b < d; b++) {
                        hessian[a][b] += mu * x[a] * x[b];
                    }
                }
            }
            double[][] inverse = SamplerChecks.Posterior.invert(hessian);
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    beta[a] -= inverse[a][b] * gradient[b];
                }
            }
        }
        double[][] covariance = SamplerChecks.Posterior.invert(hessian);
        double[] variance = new double[d];
        for (int a = 0; a < d; a++) {
            variance[a] = covariance[a][a];
        }
        return new double[][] {beta, variance};
    }
}
