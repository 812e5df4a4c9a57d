package dev.langevin.cli;

import dev.langevin.io.RunJson;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.langevin.cli.Cli.langevin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run --replicas}: the T = 1 chains' draws only, the ladder and swap rates in run.json, and its mistakes. */
class ReplicaExchangeCliTest {
    @TempDir
    Path dir;

    @Test
    void keepsTheColdChainsAndRecordsTheLadder() throws Exception {
        Path out = dir.resolve("rex");
        Cli.Result r = langevin("run", "--target", "mixture", "--dim", "1", "--param", "means=-4:4,sigmas=1:1,weights=1:3",
                "--replicas", "1:3:9:27", "--exchange-every", "10", "--step-size", "0.05", "--chains", "128", "--steps",
                "4000", "--thin", "10", "--init", "uniform:-6,6", "--seed", "7", "--out", out.toString());
        assertTrue(r.status() == 0 || r.status() == Main.DO_NOT_TRUST, r.err());
        assertTrue(r.out().contains("128 chains at T = 1 (512 in all)"), r.out());
        assertTrue(r.out().contains("Swaps accepted: T 1-3 "), r.out());
        Map<String, Object> record = RunJson.read(out.resolve("run.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> file = (Map<String, Object>) record.get("draws_file");
        assertEquals(List.of(128, 200, 1), file.get("shape"));
        List<?> rates = (List<?>) record.get("swap_acceptance");
        assertEquals(3, rates.size());
        for (Object rate : rates) {
            double v = ((Number) rate).doubleValue();
            assertTrue(v > 0.2 && v < 1, "swap rate " + v);
        }
        // the mixture's mean, 0.25 (-4) + 0.75 (4) = 2, from the T = 1 chains
        double mean = Double.parseDouble(Files.readAllLines(out.resolve("summary.csv")).get(1).split(",")[1]);
        assertEquals(2, mean, 0.4, "mean of the T = 1 chains");
    }

    @Test
    void mistakesAreOneSentence() {
        Cli.Result warm = langevin("run", "--target", "gaussian", "--replicas", "2:3", "--steps", "100", "--quiet");
        assertEquals(Main.BAD_INPUT, warm.status());
        assertTrue(warm.err().contains("The ladder's first temperature, 2.0, must be the run's, 1.0."), warm.err());
        Cli.Result rule = langevin("run", "--target", "gaussian", "--algorithm", "sghmc", "--replicas", "1:3", "--quiet");
        assertEquals(Main.BAD_INPUT, rule.status());
        assertTrue(rule.err().contains("--replicas applies only to the algorithms sgld, sgld-cv"), rule.err());
        Cli.Result alone = langevin("run", "--target", "gaussian", "--exchange-every", "5", "--quiet");
        assertEquals(Main.BAD_INPUT, alone.status());
        assertTrue(alone.err().contains("--exchange-every applies only with --replicas"), alone.err());
        Cli.Result order = langevin("run", "--target", "gaussian", "--replicas", "1:3:2", "--quiet");
        assertEquals(Main.BAD_INPUT, order.status());
        assertTrue(order.err().contains("increasing"), order.err());
    }
}
