package dev.langevin.cli;

import dev.langevin.io.RunJson;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.langevin.cli.Cli.langevin;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The claim on real data: on the 359 held-out handwritten digits (10 classes, chance 0.1), averaging the
 * posterior predictive over the chains of softmax regression and of a small MLP classifies well above chance,
 * and its negative log-likelihood is at least as good as that of a single chain (the median one).
 */
class DigitsPredictionTest {
    @TempDir
    Path dir;

    private Map<String, Object> predictions(String name, String... options) throws IOException {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("run", "--data", "data/digits.csv.gz", "--standardize", "--holdout",
                "0.2", "--init", "normal:0,0.1", "--seed", "1", "--quiet", "--out", out.toString()));
        args.addAll(List.of(options));
        Cli.Result r = langevin(args.toArray(String[]::new));
        // short chains of a 650- or 1210-dimensional posterior: the verdict says "do not trust" (3), rightly
        assertTrue(r.status() == 0 || r.status() == Main.DO_NOT_TRUST, r.err());
        return RunJson.read(out.resolve("predict.json"));
    }

    @SuppressWarnings("unchecked")
    private static double value(Map<String, Object> record, String part, String metric) {
        Object v = ((Map<String, Object>) record.get(part)).get(metric);
        return ((Number) (v instanceof Map<?, ?> m ? m.get("median") : v)).doubleValue();
    }

    @Test
    void softmaxRegressionAndAnMlpAverageToBetterPredictionsThanOneChain() throws IOException {
        for (String[] model : List.of(
                new String[] {"--target", "softmax-regression", "--chains", "16", "--steps", "1500", "--thin", "10",
                        "--batch-size", "64", "--step-size", "1e-4"},
                new String[] {"--target", "mlp", "--param", "hidden=16", "--chains", "16", "--steps", "2000", "--thin",
                        "10", "--batch-size", "64", "--step-size", "1e-4"})) {
            Map<String, Object> p = predictions(model[1], model);
            double accuracy = value(p, "averaged", "accuracy");
            double nll = value(p, "averaged", "nll");
            double chainNll = value(p, "single_chain", "nll");
            String measured = model[1] + ": averaged accuracy " + accuracy + ", NLL " + nll + "; median chain's NLL "
                    + chainNll;
            assertTrue(accuracy >= 0.95, measured);
            assertTrue(nll <= chainNll, measured);
            assertTrue(value(p, "averaged", "accuracy") >= value(p, "single_chain", "accuracy"), measured);
        }
    }
}
