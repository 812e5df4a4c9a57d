package dev.langevin.cli;

import dev.langevin.io.RunJson;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.langevin.cli.Cli.langevin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model of one's own from the command line: run --model, check-model, and their mistakes. */
class ModelCliTest {
    private static final String SHIFTED = """
            import dev.langevin.model.Model;
            import dev.langevin.target.Params;

            /** A standard normal in two dimensions shifted to (m, -m). */
            public class Shifted implements Model {
                private final float m;

                public Shifted(Params params) {
                    m = (float) params.number("m", 1);
                }

                public String name() { return "shifted"; }
                public int dim() { return 2; }
                public float[] parameters() { return new float[] {m}; }

                public static float priorPotential(float[] theta, int t, int stride, float[] p) {
                    float a = theta[t] - p[0], b = theta[t + stride] + p[0];
                    return 0.5f * (a * a + b * b);
                }

                public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
                    grad[g] = theta[t] - p[0];
                    grad[g + stride] = %s;
                }
            }
            """;

    @TempDir
    Path dir;

    private Path model(String secondGradient) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("m" + Math.abs(secondGradient.hashCode())));
        return Files.writeString(folder.resolve("Shifted.java"), SHIFTED.formatted(secondGradient));
    }

    private static final String LOG_NORMAL = """
            import dev.langevin.model.Model;
            import java.util.List;

            /** s = log(sigma) ~ N(0, 1): sigma is log-normal, reported on its natural scale. */
            public class LogScale implements Model {
                public String name() { return "log-scale"; }
                public int dim() { return 1; }
                public List<String> parameterNames() { return List.of("log_sigma"); }
                public List<String> reportedNames() { return List.of("sigma"); }
                public double reported(int j, double value) { return Math.exp(value); }

                public static float priorPotential(float[] theta, int t, int stride, float[] p) {
                    return 0.5f * theta[t] * theta[t];
                }

                public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
                    grad[g] = theta[t];
                }
            }
            """;

    @Test
    void aCoordinateSampledOnTheLogScaleIsReportedOnItsNaturalScale() throws IOException {
        Path source = Files.writeString(Files.createDirectories(dir.resolve("log")).resolve("LogScale.java"), LOG_NORMAL);
        Path out = dir.resolve("log-run");
        Cli.Result r = langevin("run", "--model", source.toString(), "--algorithm", "mala", "--engine", "cpu",
                "--chains", "64", "--steps", "4000", "--step-size", "0.5", "--seed", "3", "--quiet", "--format",
                "cmdstan", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        // log-normal(0, 1): mean e^(1/2), median 1; the sampled log sigma has mean 0
        String[] row = Files.readAllLines(out.resolve("summary.csv")).get(1).split(",");
        assertEquals("sigma", row[0]);
        assertEquals(Math.exp(0.5), Double.parseDouble(row[1]), 0.08, String.join(",", row));
        assertEquals(1, Double.parseDouble(row[4]), 0.06, "median " + String.join(",", row));
        List<String> csv = Files.readAllLines(out.resolve("output_1.csv")).stream().filter(l -> !l.startsWith("#")).toList();
        assertEquals("lp__,sigma", csv.get(0));
        for (String line : csv.subList(1, csv.size())) {
            double lp = Double.parseDouble(line.split(",")[0]);
            double sigma = Double.parseDouble(line.split(",")[1]);
            // lp__ = -U of the sampled coordinate log sigma, the column sigma itself
            assertEquals(-0.5 * Math.log(sigma) * Math.log(sigma), lp, 1e-4 * (1 + Math.abs(lp)), line);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> target = (Map<String, Object>) ((Map<String, Object>) RunJson.read(out.resolve("run.json"))
                .get("plan")).get("target");
        assertEquals(List.of("log_sigma"), target.get("parameter_names"));
        assertEquals(List.of("sigma"), target.get("reported_names"));
    }

    @Test
    void aModelFileRunsOnTheReferenceAndCpuEnginesWithTheSameAnswer() throws IOException {
        Path source = model("theta[t + stride] + p[0]");
        for (String engine : List.of("reference", "cpu")) {
            Path out = dir.resolve(engine);
            Cli.Result r = langevin("run", "--model", source.toString(), "--param", "m=3", "--engine", engine,
                    "--chains", "64", "--steps", "4000", "--step-size", "0.1", "--seed", "5", "--quiet", "--out",
                    out.toString());
            assertEquals(0, r.status(), r.err());
            List<String> rows = Files.readAllLines(out.resolve("summary.csv"));
            assertEquals(3, Double.parseDouble(rows.get(1).split(",")[1]), 0.1, rows.toString());
            assertEquals(-3, Double.parseDouble(rows.get(2).split(",")[1]), 0.1, rows.toString());
            @SuppressWarnings("unchecked")
            Map<String, Object> target = (Map<String, Object>) ((Map<String, Object>) RunJson.read(out.resolve("run.json"))
                    .get("plan")).get("target");
            assertEquals("shifted", target.get("name"));
            assertEquals(source.toString(), target.get("source"));
        }
        assertEquals(Files.readString(dir.resolve("reference/summary.csv")).lines().count(),
                Files.readString(dir.resolve("cpu/summary.csv")).lines().count());
        // the report of a model's run: every plot but the landscape, which needs a built-in target
        Cli.Result report = langevin("report", dir.resolve("cpu").toString(), "--quiet");
        assertEquals(0, report.status(), report.err());
        String html = Files.readString(dir.resolve("cpu/report.html"));
        assertTrue(html.contains("shifted") && !html.contains("landscape.png"), "report of the model's run");
        assertTrue(Files.exists(dir.resolve("cpu/report/trace-0.png")));
    }

    @Test
    void checkModelPassesARightGradientAndCatchesAWrongOne() throws IOException {
        Cli.Result right = langevin("check-model", "--model", model("theta[t + stride] + p[0]").toString());
        assertEquals(0, right.status(), right.out() + right.err());
        assertTrue(right.out().contains("the gradient matches the potential"), right.out());
        Cli.Result wrong = langevin("check-model", "--model", model("theta[t + stride] - p[0]").toString());
        assertEquals(Main.DO_NOT_TRUST, wrong.status(), wrong.out() + wrong.err());
        assertTrue(wrong.out().contains("does not match") && wrong.out().contains("theta[1]"), wrong.out());
        Cli.Result builtIn = langevin("check-model", "--target", "rosenbrock", "--dim", "4");
        assertEquals(0, builtIn.status(), builtIn.out() + builtIn.err());
    }

    @Test
    void onOpenClAModelRunsFromItsOpenClFunctionsAndABrokenFileIsOneSentence() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(!dev.langevin.engine.opencl.OpenCl.devices().isEmpty()
                || System.getenv("LANGEVIN_REQUIRE_OPENCL") != null, "no OpenCL device here");
        Path source = model("theta[t + stride] + p[0]");
        Cli.Result without = langevin("run", "--model", source.toString(), "--engine", "opencl", "--quiet");
        assertEquals(Main.BAD_INPUT, without.status(), without.err());
        assertTrue(without.err().contains("only with its functions in OpenCL C"), without.err());
        Path cl = Files.writeString(dir.resolve("Shifted.cl"), """
                float model_prior_potential(const float* theta, __global const float* p) {
                    float a = theta[0] - p[0], b = theta[1] + p[0];
                    return 0.5f * (a * a + b * b);
                }
                void model_prior_gradient(const float* theta, __global const float* p, float* grad) {
                    grad[0] = theta[0] - p[0];
                    grad[1] = theta[1] + p[0];
                }
                """);
        Path out = dir.resolve("opencl");
        Cli.Result r = langevin("run", "--model", source.toString(), "--model-cl", cl.toString(), "--param", "m=3",
                "--engine", "opencl", "--chains", "64", "--steps", "4000", "--step-size", "0.1", "--seed", "5",
                "--quiet", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(3, Double.parseDouble(Files.readAllLines(out.resolve("summary.csv")).get(1).split(",")[1]), 0.1);
        Path broken = Files.writeString(dir.resolve("Broken.cl"), "float model_prior_potential(const float* theta) {\n"
                + "    return undefined_name;\n}\n");
        Cli.Result bad = langevin("run", "--model", source.toString(), "--model-cl", broken.toString(), "--engine",
                "opencl", "--quiet");
        assertEquals(Main.BAD_INPUT, bad.status(), bad.err());
        assertTrue(bad.err().contains("do not build with the kernels") && bad.err().contains("error"), bad.err());
        assertEquals(2, bad.err().lines().count(), bad.err());
    }

    @Test
    void aModelsMistakesAreOneSentence() throws IOException {
        Cli.Result compile = langevin("run", "--model", model("theta[t + stride] + q").toString(), "--quiet");
        assertEquals(Main.BAD_INPUT, compile.status(), compile.err());
        assertTrue(compile.err().contains("does not compile: Shifted.java:23: cannot find symbol (symbol: variable q)"),
                compile.err());
        Cli.Result both = langevin("run", "--target", "gaussian", "--model", "X.java", "--quiet");
        assertEquals(Main.BAD_INPUT, both.status(), both.err());
        assertTrue(both.err().contains("exclude each other"), both.err());
        Cli.Result neither = langevin("run", "--quiet");
        assertTrue(neither.err().contains("Give what to sample"), neither.err());
        Cli.Result dim = langevin("run", "--model", model("theta[t + stride] + p[0]").toString(), "--dim", "3");
        assertTrue(dim.err().contains("A model gives its own dimension"), dim.err());
        Cli.Result batch = langevin("run", "--model", model("theta[t + stride] + p[0]").toString(), "--batch-size", "3");
        assertTrue(batch.err().contains("--batch-size applies only with --data"), batch.err());
        Cli.Result missing = langevin("run", "--model", dir.resolve("Nowhere.java").toString());
        assertTrue(missing.err().startsWith("langevin: Model file ") && missing.err().contains("does not exist"),
                missing.err());
        Cli.Result thrown = langevin("run", "--model", model("theta[t + 2 * stride] + p[0]").toString(), "--engine",
                "reference", "--chains", "4", "--steps", "10", "--quiet");
        assertEquals(Main.BAD_INPUT, thrown.status(), thrown.err());
        assertTrue(thrown.err().contains("Model class Shifted's priorGradient threw ArrayIndexOutOfBoundsException")
                && thrown.err().contains("at Shifted.java:23"), thrown.err());
        Cli.Result option = langevin("run", "--model", model("theta[t + stride] + p[0]").toString(), "--param", "n=2");
        assertEquals(Main.BAD_INPUT, option.status(), option.err());
        assertTrue(option.err().contains("Parameter n is not a parameter") && option.err().contains("it takes m"),
                option.err());
    }
    private static final String LINE = """
            import dev.langevin.data.Dataset;
            import dev.langevin.model.Model;
            import dev.langevin.model.Regressor;
            import dev.langevin.target.Params;

            /** Bayesian linear regression of one's own: y ~ N(theta[0] + theta[1..] x, sigma^2), theta ~ N(0, 100^2). */
            public class Line implements Model, Regressor {
                private final Dataset data;
                private final double sigma;

                public Line(Params params, Dataset data) {
                    this.data = data;
                    this.sigma = params.number("sigma", 55);
                }

                public String name() { return "line"; }
                public int dim() { return data.columns() + 1; }
                public float[] parameters() { return new float[] {(float) (1 / (sigma * sigma)), data.columns()}; }
                public int rows() { return data.rows(); }
                public int rowLength() { return data.columns() + 1; }
                public int features() { return data.columns(); }
                public double noiseSd() { return sigma; }

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

                public double predict(float[] theta, float[] x, int r) {
                    double eta = theta[0];
                    for (int c = 0; c < data.columns(); c++) {
                        eta += (double) theta[c + 1] * x[r + c];
                    }
                    return eta;
                }

                public static float priorPotential(float[] theta, int t, int stride, float[] p) {
                    float sum = 0f;
                    for (int j = 0; j <= (int) p[1]; j++) {
                        sum += theta[t + j * stride] * theta[t + j * stride];
                    }
                    return 0.5f * 1e-4f * sum;
                }

                public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
                    for (int j = 0; j <= (int) p[1]; j++) {
                        grad[g + j * stride] = 1e-4f * theta[t + j * stride];
                    }
                }

                static float eta(float[] theta, int t, int stride, float[] p, float[] x, int r) {
                    float eta = theta[t];
                    for (int c = 0; c < (int) p[1]; c++) {
                        eta += theta[t + (c + 1) * stride] * x[r + c];
                    }
                    return eta;
                }

                public static float rowPotential(float[] theta, int t, int stride, float[] p, float[] x, int r) {
                    float e = x[r + (int) p[1]] - eta(theta, t, stride, p, x, r);
                    return 0.5f * p[0] * e * e;
                }

                public static void addRowGradient(float[] theta, int t, int stride, float[] p, float[] x, int r, float weight,
                                                  float[] grad, int g) {
                    int columns = (int) p[1];
                    float slope = weight * p[0] * (eta(theta, t, stride, p, x, r) - x[r + columns]);
                    grad[g] += slope;
                    for (int c = 0; c < columns; c++) {
                        grad[g + (c + 1) * stride] += slope * x[r + c];
                    }
                }
            }
            """;

    /** A model of one's own that implements Regressor: its held-out rows judged at the end of the run and by predict. */
    @Test
    void aModelImplementingRegressorIsJudgedOnHeldOutRows() throws IOException {
        Path source = dir.resolve("Line.java");
        Files.writeString(source, LINE);
        Path out = dir.resolve("line-run");
        Cli.Result r = langevin("run", "--model", source.toString(), "--data", "data/diabetes_data_raw.csv.gz",
                "--labels", "data/diabetes_target.csv.gz", "--standardize", "--holdout", "0.2", "--step-size", "0.5",
                "--chains", "4", "--steps", "2000", "--seed", "3", "--out", out.toString());
        assertTrue(r.status() == 0 || r.status() == Main.DO_NOT_TRUST, r.err());
        assertTrue(r.out().contains("Predictions on 88 held-out rows (0.2 of data/diabetes_data_raw.csv.gz, holdout seed "
                + "0), a regression, 4 chains x 1000 draws"), r.out());
        Map<String, Object> atTheEnd = map(RunJson.read(out.resolve("predict.json")).get("averaged"));
        double rmse = ((Number) atTheEnd.get("rmse")).doubleValue();
        // the labels' sd is 77; a line explains about half their variance
        assertTrue(rmse > 40 && rmse < 70, "RMSE " + rmse);
        Cli.Result again = langevin("predict", out.toString(), "--quiet");
        assertEquals(0, again.status(), again.err());
        assertEquals(atTheEnd, map(RunJson.read(out.resolve("predict.json")).get("averaged")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }
}
