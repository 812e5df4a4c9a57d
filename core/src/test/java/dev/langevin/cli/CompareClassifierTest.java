package dev.langevin.cli;

import dev.langevin.io.RunJson;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.langevin.cli.Cli.langevin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code compare} on a classifier with {@code --holdout}: each algorithm's row of the predictions table is what
 * {@code langevin predict} computes from the draws of a separate {@code run} of that algorithm with the same seed,
 * starts and minibatches (for an optimiser, a run keeping only its last state).
 */
class CompareClassifierTest {
    @TempDir
    Path dir;

    private static final List<String> MODEL = List.of("--target", "mlp", "--param", "hidden=8", "--data",
            "data/digits.csv.gz", "--standardize", "--holdout", "0.2", "--chains", "4", "--steps", "200",
            "--batch-size", "32", "--init", "normal:0,0.1", "--seed", "3", "--quiet");

    private static String[] args(String command, List<String> extra) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(MODEL);
        all.addAll(extra);
        return all.toArray(String[]::new);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    /** predict.json of a separate run of one algorithm, recomputed by predict from its draws.npy. */
    private Map<String, Object> predicted(String name, List<String> options) throws IOException {
        Path run = dir.resolve(name);
        List<String> extra = new ArrayList<>(options);
        extra.addAll(List.of("--out", run.toString()));
        Cli.Result r = langevin(args("run", extra));
        assertTrue(r.status() == 0 || r.status() == Main.DO_NOT_TRUST, r.err());
        Files.delete(run.resolve("predict.json"));
        Cli.Result p = langevin("predict", run.toString(), "--quiet");
        assertEquals(0, p.status(), p.err());
        return RunJson.read(run.resolve("predict.json"));
    }

    @Test
    void eachAlgorithmsRowIsWhatPredictGivesForItsOwnRun() throws IOException {
        Path out = dir.resolve("compared");
        Cli.Result r = langevin(args("compare", List.of("--step-size", "1e-4", "--thin", "10", "--algorithms",
                "sgld,sgd,adam", "--adam-step-size", "1e-3", "--out", out.toString(), "--report")));
        assertEquals(0, r.status(), r.err());
        Map<String, Object> compared = RunJson.read(out.resolve("compare.json"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) compared.get("algorithms");
        assertEquals(List.of("sgld", "sgd", "adam"), rows.stream().map(m -> m.get("algorithm")).toList());

        Map<String, Map<String, Object>> separate = Map.of(
                "sgld", predicted("sgld", List.of("--step-size", "1e-4", "--thin", "10")),
                "sgd", predicted("sgd", List.of("--algorithm", "sgd", "--step-size", "1e-4", "--burn-in", "199")),
                "adam", predicted("adam", List.of("--algorithm", "adam", "--step-size", "1e-3", "--burn-in", "199")));
        for (Map<String, Object> row : rows) {
            String name = (String) row.get("algorithm");
            Map<String, Object> alone = separate.get(name);
            assertEquals(alone.get("averaged"), row.get("averaged"), name);
            assertEquals(alone.get("single_chain"), row.get("single_chain"), name);
            assertEquals(alone.get("per_chain"), row.get("per_chain"), name);
            assertEquals(alone.get("draws_per_chain"), row.get("draws_per_chain"), name);
        }
        assertEquals(10, ((Number) rows.get(0).get("draws_per_chain")).intValue(), "sgld keeps its second half, thinned");
        assertEquals(1, ((Number) rows.get(1).get("draws_per_chain")).intValue(), "sgd keeps its last state");

        // the printed table carries the same numbers; the csv has one line per predictive
        Map<String, Object> sgd = map(rows.get(1).get("averaged"));
        String line = String.format(Locale.ROOT, "%9.4f %9.4f %9.4f", ((Number) sgd.get("accuracy")).doubleValue(),
                ((Number) sgd.get("nll")).doubleValue(), ((Number) sgd.get("ece")).doubleValue());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("sgd ") && l.contains("ensemble of 4 last states")
                && l.contains(line)), r.out());
        assertEquals(1 + 3 * (1 + 4), Files.readAllLines(out.resolve("compare.csv")).size());
        String nll = String.format(Locale.ROOT, "<td>%.4f</td>", ((Number) sgd.get("nll")).doubleValue());
        assertTrue(Files.readString(out.resolve("report.html")).contains("ensemble of last states</td><td>"), "report");
        assertTrue(Files.readString(out.resolve("report.html")).contains(nll), "the report shows sgd's NLL");
        // each algorithm's reliability bins (those of predict.json) and their diagram in the report
        int heldOut = ((Number) compared.get("rows")).intValue();
        for (Map<String, Object> row : rows) {
            String name = (String) row.get("algorithm");
            assertEquals(separate.get(name).get("reliability"), row.get("reliability"), name);
            @SuppressWarnings("unchecked")
            List<Number> counts = (List<Number>) map(row.get("reliability")).get("rows");
            assertEquals(heldOut, counts.stream().mapToInt(Number::intValue).sum(), name + ": every held-out row in a bin");
            assertTrue(Files.size(out.resolve("report/reliability-" + name + ".png")) > 1000, name + "'s diagram");
            assertTrue(Files.readString(out.resolve("report.html")).contains("src=\"report/reliability-" + name + ".png\""));
        }
        Files.delete(out.resolve("report.html"));
        Cli.Result report = langevin("report", out.toString(), "--quiet");
        assertEquals(0, report.status(), report.err());
        assertTrue(Files.readString(out.resolve("report.html")).contains(nll), "langevin report writes it again");
        // predict needs draws, which compare does not keep: one sentence says where its predictions are
        Cli.Result predict = langevin("predict", out.toString(), "--quiet");
        assertEquals(Main.BAD_INPUT, predict.status(), predict.err());
        assertTrue(predict.err().contains(out + " is the output of compare, which keeps no draws: its predictions are in "
                + "compare.json and compare.csv"), predict.err());
        assertEquals(1, predict.err().strip().lines().count(), predict.err());

        // --force replaces a comparison's directory
        Cli.Result again = langevin(args("compare", List.of("--step-size", "1e-4", "--thin", "10", "--algorithms",
                "sgd", "--out", out.toString(), "--force")));
        assertEquals(0, again.status(), again.err());
        assertEquals(1, ((List<?>) RunJson.read(out.resolve("compare.json")).get("algorithms")).size());
    }

    @Test
    void sgldAtTemperatureZeroKeepingItsLastStateIsSgd() throws IOException {
        // no noise: SGLD's step is SGD's, from the same starts and minibatches, so the two rows agree exactly
        Path out = dir.resolve("cold");
        Cli.Result r = langevin(args("compare", List.of("--step-size", "1e-4", "--algorithms", "sgld,sgd",
                "--temperature", "0", "--burn-in", "199", "--out", out.toString())));
        assertEquals(0, r.status(), r.err());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) RunJson.read(out.resolve("compare.json"))
                .get("algorithms");
        assertEquals("sampler", rows.get(0).get("kind"));
        assertEquals("optimiser", rows.get(1).get("kind"));
        for (String part : List.of("averaged", "single_chain", "per_chain")) {
            assertEquals(rows.get(1).get(part), rows.get(0).get(part), part);
        }
    }

    @Test
    void misuseGetsOneSentenceAndStatusTwo() {
        Cli.Result noHoldout = langevin("compare", "--target", "mlp", "--param", "hidden=8", "--data",
                "data/digits.csv.gz", "--chains", "4", "--steps", "10", "--quiet");
        assertEquals(Main.BAD_INPUT, noHoldout.status(), noHoldout.err());
        assertTrue(noHoldout.err().contains("compare judges mlp, a classifier, by its predictions on held-out rows; "
                + "give --holdout F."), noHoldout.err());

        Cli.Result notClassifier = langevin("compare", "--target", "logistic-regression", "--data",
                "data/breast_cancer.csv", "--skip-rows", "1", "--standardize", "--holdout", "0.2", "--chains", "4",
                "--steps", "10", "--quiet");
        assertEquals(Main.BAD_INPUT, notClassifier.status(), notClassifier.err());
        assertTrue(notClassifier.err().contains("--holdout holds out rows to judge the predictions of a classifier or a "
                + "regression, and logistic-regression is not one that langevin evaluates; compare it without --holdout."),
                notClassifier.err());

        Cli.Result radius = langevin(args("compare", List.of("--radius", "1")));
        assertEquals(Main.BAD_INPUT, radius.status(), radius.err());
        assertTrue(radius.err().contains("--radius measures distances"), radius.err());

        Cli.Result out = langevin("compare", "--target", "ackley", "--chains", "4", "--steps", "10", "--quiet",
                "--out", dir.resolve("x").toString());
        assertEquals(Main.BAD_INPUT, out.status(), out.err());
        assertTrue(out.err().contains("--out applies to a classifier or a regression compared on held-out rows"),
                out.err());
    }
    /**
     * compare on a regression (the MLP with likelihood=gaussian): each algorithm's RMSE and NLL are what predict
     * gives for a separate run of it, and the report has their table.
     */
    @Test
    void aRegressionIsComparedByRmseAndNll() throws IOException {
        List<String> regression = List.of("--target", "mlp", "--param", "hidden=6,likelihood=gaussian,noise-sd=55",
                "--data", "data/diabetes_data_raw.csv.gz", "--labels", "data/diabetes_target.csv.gz", "--standardize",
                "--holdout", "0.2", "--prior-sd", "30", "--chains", "3", "--steps", "300", "--batch-size", "16",
                "--step-size", "1e-2", "--init", "normal:0,0.1", "--seed", "5", "--quiet");
        Path out = dir.resolve("regression");
        List<String> compare = new ArrayList<>(List.of("compare"));
        compare.addAll(regression);
        compare.addAll(List.of("--algorithms", "sgld,adam", "--out", out.toString(), "--report"));
        Cli.Result r = langevin(compare.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        Map<String, Object> compared = RunJson.read(out.resolve("compare.json"));
        assertEquals("regression", compared.get("kind"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) compared.get("algorithms");
        assertEquals(List.of("sgld", "adam"), rows.stream().map(m -> m.get("algorithm")).toList());
        assertTrue(Files.readString(out.resolve("report.html")).contains("<th>RMSE</th>"), "the report's table");
        assertTrue(Files.readString(out.resolve("compare.csv")).startsWith("algorithm,predictive,rmse,nll\n"));
        for (Map<String, Object> row : rows) {
            String name = (String) row.get("algorithm");
            Path run = dir.resolve("regression-" + name);
            List<String> alone = new ArrayList<>(List.of("run"));
            alone.addAll(regression);
            alone.addAll(name.equals("adam") ? List.of("--algorithm", "adam", "--burn-in", "299") : List.of());
            alone.addAll(List.of("--out", run.toString()));
            Cli.Result a = langevin(alone.toArray(String[]::new));
            assertTrue(a.status() == 0 || a.status() == Main.DO_NOT_TRUST, a.err());
            Map<String, Object> predicted = RunJson.read(run.resolve("predict.json"));
            assertEquals(predicted.get("averaged"), row.get("averaged"), name);
            assertEquals(predicted.get("single_chain"), row.get("single_chain"), name);
            assertEquals(predicted.get("per_chain"), row.get("per_chain"), name);
        }
        List<String> noHoldout = new ArrayList<>(List.of("compare"));
        noHoldout.addAll(regression.stream().filter(o -> !o.equals("--holdout") && !o.equals("0.2")).toList());
        Cli.Result missing = langevin(noHoldout.toArray(String[]::new));
        assertEquals(Main.BAD_INPUT, missing.status(), missing.err());
        assertTrue(missing.err().contains("compare judges mlp, a regression, by its predictions on held-out rows; give "
                + "--holdout F."), missing.err());
    }
}
