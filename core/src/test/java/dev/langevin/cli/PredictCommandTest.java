package dev.langevin.cli;

import dev.langevin.data.CsvData;
import dev.langevin.data.Dataset;
import dev.langevin.io.NpyDraws;
import dev.langevin.io.RunJson;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

import static dev.langevin.cli.Cli.langevin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run --holdout} and {@code langevin predict}: the held-out rows, their predictions, and mistakes. */
class PredictCommandTest {
    @TempDir
    Path dir;

    private static final String[] SOFTMAX = {"run", "--target", "softmax-regression", "--data", "data/digits.csv.gz",
            "--standardize", "--holdout", "0.2", "--chains", "4", "--steps", "300", "--thin", "10", "--batch-size", "32",
            "--step-size", "1e-4", "--init", "normal:0,0.1", "--seed", "3", "--quiet"};

    private Path softmaxRun(String name) {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of(SOFTMAX));
        args.addAll(List.of("--out", out.toString()));
        Cli.Result r = langevin(args.toArray(String[]::new));
        assertTrue(r.status() == 0 || r.status() == Main.DO_NOT_TRUST, r.err());
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static Map<String, Object> averaged(Path run) throws IOException {
        return map(RunJson.read(run.resolve("predict.json")).get("averaged"));
    }

    /**
     * A regression's held-out rows are judged by RMSE and NLL: the MLP's (likelihood=gaussian) at the end of its run
     * and again by predict, with the same numbers, and in the report; linear-regression's against the mixture's
     * NLL and the mean's RMSE computed here from draws.npy and run.json's standardisation.
     */
    @Test
    void regressionsAreJudgedByRmseAndNll() throws IOException {
        Path out = dir.resolve("regression");
        Cli.Result r = langevin("run", "--target", "mlp", "--param", "hidden=8,likelihood=gaussian,noise-sd=55",
                "--data", "data/diabetes_data_raw.csv.gz", "--labels", "data/diabetes_target.csv.gz", "--standardize",
                "--holdout", "0.2", "--prior-sd", "100", "--chains", "4", "--steps", "200", "--step-size", "1e-3",
                "--seed", "2", "--out", out.toString(), "--report");
        assertTrue(r.status() == 0 || r.status() == Main.DO_NOT_TRUST, r.err());
        assertFalse(r.err().contains("not evaluated"), r.err());
        assertTrue(r.out().contains("Predictions on 88 held-out rows (0.2 of data/diabetes_data_raw.csv.gz, holdout seed "
                + "0), a regression, 4 chains x 100 draws"), r.out());
        assertTrue(r.out().contains("averaged over all chains (BMA)"), r.out());
        Map<String, Object> predict = RunJson.read(out.resolve("predict.json"));
        assertEquals("regression", predict.get("kind"));
        Map<String, Object> atTheEnd = map(predict.get("averaged"));
        assertTrue(((Number) atTheEnd.get("rmse")).doubleValue() > 0, atTheEnd.toString());
        assertTrue(Files.readString(out.resolve("report.html")).contains("<th>RMSE</th>"), "the report's table");
        Cli.Result again = langevin("predict", out.toString(), "--quiet");
        assertEquals(0, again.status(), again.err());
        assertEquals(atTheEnd, averaged(out));
        // other rows with their labels in a file of their own, as run --labels takes them: here all 442
        Cli.Result every = langevin("predict", out.toString(), "--data", "data/diabetes_data_raw.csv.gz", "--labels",
                "data/diabetes_target.csv.gz");
        assertEquals(0, every.status(), every.err());
        assertTrue(every.out().contains("Predictions on 442 rows of data/diabetes_data_raw.csv.gz, a regression"),
                every.out());
        Cli.Result labelsAlone = langevin("predict", out.toString(), "--labels", "data/diabetes_target.csv.gz");
        assertEquals(Main.BAD_INPUT, labelsAlone.status());
        assertTrue(labelsAlone.err().contains("--skip-rows, --label-column and --labels describe --data; give --data too."),
                labelsAlone.err());

        Path linear = dir.resolve("linear");
        Cli.Result l = langevin("run", "--target", "linear-regression", "--data", "data/diabetes_data_raw.csv.gz",
                "--labels", "data/diabetes_target.csv.gz", "--standardize", "--param", "noise-sd=55", "--prior-sd", "100",
                "--step-size", "0.5", "--holdout", "0.2", "--chains", "3", "--steps", "600", "--seed", "4", "--quiet",
                "--out", linear.toString());
        assertTrue(l.status() == 0 || l.status() == Main.DO_NOT_TRUST, l.err());
        Map<String, Object> data = map(map(map(RunJson.read(linear.resolve("run.json")).get("plan")).get("target"))
                .get("data"));
        @SuppressWarnings("unchecked")
        List<Integer> rows = (List<Integer>) map(data.get("holdout")).get("held_out_rows");
        @SuppressWarnings("unchecked")
        List<Number> means = (List<Number>) data.get("feature_means");
        @SuppressWarnings("unchecked")
        List<Number> scales = (List<Number>) data.get("feature_scales");
        Dataset all = CsvData.load(Path.of("data/diabetes_data_raw.csv.gz"), Path.of("data/diabetes_target.csv.gz"), 0);
        int f = all.columns();
        double squares = 0;
        double nll = 0;
        try (NpyDraws draws = NpyDraws.open(linear.resolve("draws.npy"))) {
            int c = draws.chains();
            int t = draws.draws();
            double[][] theta = new double[f + 1][c * t];
            for (int j = 0; j <= f; j++) {
                draws.read(j, IntStream.range(0, c).toArray(), theta[j]);
            }
            for (int row : rows) {
                double y = all.labels()[row];
                double mean = 0;
                double density = 0;
                for (int s = 0; s < c * t; s++) {
                    double eta = theta[0][s];
                    for (int j = 0; j < f; j++) {
                        float x = (float) ((all.feature(row, j) - means.get(j).doubleValue()) / scales.get(j).doubleValue());
                        eta += theta[j + 1][s] * x;
                    }
                    mean += eta / (c * t);
                    density += Math.exp(-0.5 * Math.pow((y - eta) / 55, 2)) / (55 * Math.sqrt(2 * Math.PI)) / (c * t);
                }
                squares += (mean - y) * (mean - y);
                nll -= Math.log(density);
            }
        }
        Map<String, Object> averaged = averaged(linear);
        assertEquals(Math.sqrt(squares / rows.size()), ((Number) averaged.get("rmse")).doubleValue(), 1e-9);
        assertEquals(nll / rows.size(), ((Number) averaged.get("nll")).doubleValue(), 1e-9);

        Cli.Result logistic = langevin("run", "--target", "logistic-regression", "--data", "data/breast_cancer.csv",
                "--skip-rows", "1", "--standardize", "--holdout", "0.2", "--chains", "2", "--steps", "100", "--quiet");
        assertTrue(logistic.err().contains("logistic-regression is not a model that predict evaluates (a classifier or a "
                + "regression); the held-out rows were left out of the run but are not evaluated."), logistic.err());
    }

    @Test
    void theRunRecordsItsSplitAndPredictRepeatsItsNumbers() throws IOException {
        Path run = softmaxRun("softmax");
        Map<String, Object> data = map(map(map(RunJson.read(run.resolve("run.json")).get("plan")).get("target")).get("data"));
        Map<String, Object> holdout = map(data.get("holdout"));
        assertEquals(0.2, holdout.get("fraction"));
        assertEquals(0, ((Number) holdout.get("seed")).intValue());
        assertEquals(359, holdout.get("rows"));
        assertEquals(1438, holdout.get("training_rows"));
        assertEquals(1438, data.get("rows"), "the model sampled on the training rows only");
        Map<String, Object> atTheEnd = averaged(run);
        assertTrue(((Number) atTheEnd.get("accuracy")).doubleValue() > 0.5, atTheEnd.toString());

        Cli.Result again = langevin("predict", run.toString());
        assertEquals(0, again.status(), again.err());
        assertTrue(again.out().contains("Predictions on 359 held-out rows (0.2 of data/digits.csv.gz, holdout seed 0), "
                + "10 classes, 4 chains x 15 draws"), again.out());
        assertTrue(again.out().contains("averaged over all chains (BMA)"), again.out());
        assertEquals(atTheEnd, averaged(run));

        // the held-out rows written to a file of their own, raw: predict standardises them as the run did
        @SuppressWarnings("unchecked")
        List<Integer> rows = (List<Integer>) holdout.get("held_out_rows");
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(Path.of("data/digits.csv.gz")))))) {
            List<String> all = in.lines().toList();
            rows.forEach(i -> lines.add(all.get(i)));
        }
        Path file = dir.resolve("held-out.csv");
        Files.write(file, lines);
        Cli.Result fromFile = langevin("predict", run.toString(), "--data", file.toString(), "--quiet");
        assertEquals(0, fromFile.status(), fromFile.err());
        Map<String, Object> fromFileMetrics = averaged(run);
        for (String metric : List.of("accuracy", "nll", "ece")) {
            assertEquals(((Number) atTheEnd.get(metric)).doubleValue(), ((Number) fromFileMetrics.get(metric)).doubleValue(),
                    1e-12, metric);
        }
        String csv = Files.readString(run.resolve("predict.csv"));
        assertTrue(csv.startsWith("predictive,accuracy,nll,ece\naveraged,"), csv);
        assertEquals(1 + 1 + 4, csv.lines().count(), csv);

        // a run's directory with its predictions is still a run's directory: --force replaces it
        List<String> args = new ArrayList<>(List.of(SOFTMAX));
        args.addAll(List.of("--out", run.toString(), "--force"));
        Cli.Result replaced = langevin(args.toArray(String[]::new));
        assertTrue(replaced.status() == 0 || replaced.status() == Main.DO_NOT_TRUST, replaced.err());
    }

    @Test
    void functionSpaceQuantitiesHaveFiniteDiagnosticsAndTheLogLikelihoodIsTheMeanOverDraws() throws Exception {
        Path run = dir.resolve("mlp");
        Cli.Result r = langevin("run", "--target", "mlp", "--param", "hidden=8", "--data", "data/digits.csv.gz",
                "--standardize", "--holdout", "0.2", "--chains", "4", "--steps", "200", "--thin", "10", "--batch-size",
                "32", "--step-size", "1e-4", "--init", "normal:0,0.1", "--seed", "5", "--out", run.toString());
        assertTrue(r.status() == 0 || r.status() == Main.DO_NOT_TRUST, r.err());
        assertTrue(r.out().contains("Function-space diagnostics, per draw: The weights are not identifiable"), r.out());
        assertTrue(r.out().contains("held-out mean log-likelihood"), r.out());

        Map<String, Object> space = map(RunJson.read(run.resolve("predict.json")).get("function_space"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> quantities = (List<Map<String, Object>>) space.get("quantities");
        assertEquals(1 + 3, quantities.size(), quantities.toString());
        assertEquals("held-out mean log-likelihood", quantities.get(0).get("name"));
        for (Map<String, Object> q : quantities) {
            for (String key : List.of("mean", "sd", "rhat", "ess_bulk", "ess_tail")) {
                assertTrue(q.get(key) instanceof Number n && Double.isFinite(n.doubleValue()), q.toString());
            }
        }

        // the held-out log-likelihood per draw, computed here from draws.npy and the rebuilt classifier
        dev.langevin.report.RunDirectory directory = dev.langevin.report.RunDirectory.read(run);
        dev.langevin.data.Dataset test = directory.dataParts().test();
        dev.langevin.model.Classifier model = (dev.langevin.model.Classifier)
                ((dev.langevin.model.ModelTarget) directory.rebuildTarget()).model();
        int f = model.features();
        float[] x = new float[test.rows() * f];
        for (int i = 0; i < test.rows(); i++) {
            for (int j = 0; j < f; j++) {
                x[i * f + j] = (float) test.feature(i, j);
            }
        }
        var draws = directory.draws();
        double total = 0;
        double[] p = new double[model.classes()];
        float[] theta = new float[draws.dims()];
        double[] firstRow = new double[1];
        int count = 0;
        for (int c : directory.keptChains()) {
            double[][] columns = new double[draws.dims()][];
            for (int j = 0; j < draws.dims(); j++) {
                columns[j] = draws.chain(c, j);
            }
            for (int s = 0; s < draws.draws(); s++) {
                for (int j = 0; j < theta.length; j++) {
                    theta[j] = (float) columns[j][s];
                }
                double logLik = 0;
                for (int i = 0; i < test.rows(); i++) {
                    model.probabilities(theta, x, i * f, p);
                    logLik += Math.log(p[(int) test.labels()[i]]);
                    if (i == 0) {
                        firstRow[0] += p[(int) test.labels()[0]];
                    }
                }
                total += logLik / test.rows();
                count++;
            }
        }
        assertEquals(total / count, ((Number) quantities.get(0).get("mean")).doubleValue(), 1e-9);
        assertEquals(firstRow[0] / count, ((Number) quantities.get(1).get("mean")).doubleValue(), 1e-9);

        // predict recomputes and prints the same table
        Cli.Result again = langevin("predict", run.toString());
        assertEquals(0, again.status(), again.err());
        assertTrue(again.out().contains("held-out mean log-likelihood"), again.out());
    }

    @Test
    void mistakesAreOneSentenceAndStatus2() throws IOException {
        Path gaussian = dir.resolve("gaussian");
        langevin("run", "--target", "gaussian", "--chains", "4", "--steps", "20", "--seed", "1", "--quiet", "--out",
                gaussian.toString());
        Cli.Result notClassifier = langevin("predict", gaussian.toString());
        assertEquals(Main.BAD_INPUT, notClassifier.status());
        assertTrue(notClassifier.err().startsWith("langevin: Run " + gaussian + " sampled gaussian, which predict "
                + "cannot evaluate; it needs a classifier"), notClassifier.err());

        Path noHoldout = dir.resolve("no-holdout");
        Cli.Result plain = langevin("run", "--target", "softmax-regression", "--data", "data/digits.csv.gz", "--chains",
                "2", "--steps", "4", "--batch-size", "8", "--step-size", "1e-5", "--seed", "1", "--quiet", "--out",
                noHoldout.toString());
        assertTrue(plain.status() == 0 || plain.status() == Main.DO_NOT_TRUST, plain.err());
        Cli.Result nothingHeldOut = langevin("predict", noHoldout.toString());
        assertEquals(Main.BAD_INPUT, nothingHeldOut.status());
        assertTrue(nothingHeldOut.err().contains("held out no rows (run it with --holdout F); give the rows to predict "
                + "with --data FILE."), nothingHeldOut.err());

        Path narrow = dir.resolve("narrow.csv");
        Files.writeString(narrow, "1,2,3\n4,5,6\n");
        Cli.Result columns = langevin("predict", noHoldout.toString(), "--data", narrow.toString());
        assertEquals(Main.BAD_INPUT, columns.status());
        assertTrue(columns.err().startsWith("langevin: " + narrow + " has 2 feature columns (and a label) but the run's "
                + "softmax-regression takes 64."), columns.err());

        Path labels = dir.resolve("labels.csv");
        Files.writeString(labels, "0,".repeat(64) + "10\n");
        Cli.Result range = langevin("predict", noHoldout.toString(), "--data", labels.toString());
        assertEquals(Main.BAD_INPUT, range.status());
        assertTrue(range.err().contains("needs class labels 0, 1, ..., 9, but data row 1 has label 10.0"), range.err());

        Cli.Result fraction = langevin("run", "--target", "mlp", "--data", "data/digits.csv.gz", "--holdout", "1.5",
                "--chains", "2", "--steps", "2");
        assertEquals(Main.BAD_INPUT, fraction.status());
        assertTrue(fraction.err().startsWith("langevin: The held-out fraction must lie in (0, 1), got 1.5."),
                fraction.err());
        assertTrue(fraction.err().contains("--holdout"), fraction.err());

        Cli.Result analytic = langevin("run", "--target", "gaussian", "--holdout", "0.2");
        assertEquals(Main.BAD_INPUT, analytic.status());
        assertTrue(analytic.err().contains("--holdout applies only to data targets"), analytic.err());

        Cli.Result seed = langevin("run", "--target", "mlp", "--data", "data/digits.csv.gz", "--holdout-seed", "4");
        assertEquals(Main.BAD_INPUT, seed.status());
        assertTrue(seed.err().contains("--holdout-seed seeds the split of --holdout; give that too."), seed.err());
    }
}
