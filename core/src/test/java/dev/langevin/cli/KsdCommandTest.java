package dev.langevin.cli;

import dev.langevin.io.RunJson;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static dev.langevin.cli.Cli.langevin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code langevin ksd RUN_DIR} rebuilds the run's target and measures what the run measured. */
class KsdCommandTest {
    @TempDir
    Path dir;

    private double recorded(Path run) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> ksd = (Map<String, Object>) RunJson.read(run.resolve("run.json")).get("ksd");
        return ((Number) ksd.get("value")).doubleValue();
    }

    private double measured(Cli.Result r) {
        String line = r.out().strip();
        String value = line.substring(line.indexOf("draws: ") + 7, line.indexOf(" (IMQ"));
        return Double.parseDouble(value);
    }

    @Test
    void theFinalDrawsGiveTheRunsOwnKsdForABuiltInAndADataTarget() throws IOException {
        Path gaussian = dir.resolve("gaussian");
        langevin("run", "--target", "gaussian", "--dim", "3", "--param", "mean=1", "--chains", "128", "--steps", "400",
                "--step-size", "0.1", "--seed", "2", "--quiet", "--out", gaussian.toString());
        Cli.Result r = langevin("ksd", gaussian.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(recorded(gaussian), measured(r), 1e-3 * recorded(gaussian), r.out());

        Path logistic = dir.resolve("logistic");
        langevin("run", "--target", "logistic-regression", "--data", "data/breast_cancer.csv", "--skip-rows", "1",
                "--standardize", "--batch-size", "32", "--chains", "64", "--steps", "400", "--seed", "2", "--quiet",
                "--out", logistic.toString());
        Cli.Result l = langevin("ksd", logistic.toString());
        assertEquals(0, l.status(), l.err());
        assertEquals(recorded(logistic), measured(l), 1e-3 * recorded(logistic), l.out());
        Cli.Result thinned = langevin("ksd", logistic.toString(), "--points", "500");
        assertTrue(thinned.out().contains("of 500 kept draws"), thinned.out());
        if (!dev.langevin.engine.opencl.OpenCl.devices().isEmpty()) {
            // the pairs summed on the device: the same value as on the host's cores
            Cli.Result device = langevin("ksd", logistic.toString(), "--points", "500", "--device", "0");
            assertEquals(0, device.status(), device.err());
            assertEquals(measured(thinned), measured(device), 1e-4 * measured(thinned), device.out());
        }
    }

    @Test
    void mistakesAreOneSentence() {
        Cli.Result missing = langevin("ksd", dir.resolve("nowhere").toString());
        assertEquals(Main.BAD_INPUT, missing.status(), missing.err());
        assertTrue(missing.err().startsWith("langevin: Run directory ") && missing.err().contains("does not exist"),
                missing.err());
        Cli.Result points = langevin("ksd", dir.toString(), "--points", "1");
        assertEquals(Main.BAD_INPUT, points.status(), points.err());
    }
}
