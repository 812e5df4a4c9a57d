package dev.langevin.cli;

import dev.langevin.io.Npy;
import dev.langevin.io.RunJson;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static dev.langevin.cli.Cli.langevin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
    @TempDir
    Path dir;

    @Test
    void runWritesDrawsSummaryAndRecord() throws IOException {
        Path out = dir.resolve("bc");
        Cli.Result r = langevin("run", "--target", "logistic-regression", "--data", "data/breast_cancer.csv", "--skip-rows", "1",
                "--standardize", "--chains", "8", "--steps", "400", "--thin", "2", "--batch-size", "32",
                "--step-size", "1e-3", "--seed", "17", "--quiet", "--out", out.toString());
        assertEquals(Main.DO_NOT_TRUST, r.status(), r.err());
        assertTrue(r.err().contains("Verdict: do not trust these draws yet: "), "--quiet still says why: " + r.err());
        Npy.Array draws = Npy.read(out.resolve("draws.npy"));
        assertArrayEquals(new int[] {8, 100, 31}, draws.shape());
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals("parameter,mean,sd,q5,q50,q95,mcse_mean,ess_bulk,ess_tail,rhat", summary.get(0));
        assertEquals(32, summary.size());
        assertTrue(summary.get(1).startsWith("theta[0],"));
        Map<String, Object> record = RunJson.read(out.resolve("run.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> plan = (Map<String, Object>) record.get("plan");
        assertEquals(17, ((Number) plan.get("seed")).intValue());
        assertEquals("minibatch:32,per-chain", plan.get("gradient"));
        // auto's promise: an OpenCL GPU when there is one, else cpu (this JVM has the Vector API)
        boolean gpu = dev.langevin.engine.opencl.OpenCl.devices().stream().anyMatch(d -> d.gpu());
        assertEquals(gpu ? "opencl" : "cpu", record.get("engine"), "auto prefers an OpenCL GPU, then cpu");
        // the summary is of these draws: mean of theta[1] over all chains and draws
        double sum = 0;
        for (int c = 0; c < 8; c++) {
            for (int t = 0; t < 100; t++) {
                sum += draws.values()[(c * 100 + t) * 31 + 1];
            }
        }
        assertEquals(sum / 800, Double.parseDouble(summary.get(2).split(",")[1]), 1e-5);
        // the same seed gives the same draws
        Path again = dir.resolve("again");
        langevin("run", "--target", "logistic-regression", "--data", "data/breast_cancer.csv", "--skip-rows", "1",
                "--standardize", "--chains", "8", "--steps", "400", "--thin", "2", "--batch-size", "32",
                "--step-size", "1e-3", "--seed", "17", "--quiet", "--out", again.toString());
        assertArrayEquals(draws.values(), Npy.read(again.resolve("draws.npy")).values());
    }

    @Test
    void runPrintsATableWithTheRightPosterior() {
        Cli.Result r = langevin("run", "--target", "gaussian", "--dim", "2", "--param", "mean=3:-1,sigma=0.5",
                "--chains", "64", "--steps", "4000", "--step-size", "0.05", "--seed", "4");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Verdict: all R-hat <= 1.01 and all ESS >= 400: no sign of non-convergence."), r.out());
        String row = r.out().lines().filter(l -> l.startsWith("theta[0]")).findFirst().orElseThrow();
        assertEquals(3, Double.parseDouble(row.trim().split("\\s+")[1]), 0.05, r.out());
        assertTrue(r.out().contains("coordinate-steps/s"), r.out());
    }

    @Test
    void badInputGetsOneSentenceAndNoOutput() throws IOException {
        Path ragged = dir.resolve("ragged.csv");
        Files.writeString(ragged, "1,2,1\n3,4,0\n5,0\n");
        String[][] cases = {
            {"--target", "banana"},
            {"--target", "gaussian", "--chains", "-4"},
            {"--target", "gaussian", "--steps", "0"},
            {"--target", "gaussian", "--dim", "3", "--param", "mean=1:2"},
            {"--target", "gaussian", "--step-size", "-0.1"},
            {"--target", "gaussian", "--schedule", "poly:a=1"},
            {"--target", "gaussian", "--init", "point:1,2,3"},
            {"--target", "gaussian", "--burn-in", "5000"},
            {"--target", "gaussian", "--algorithm", "hmc"},
            {"--target", "gaussian", "--engine", "gpu"},
            {"--target", "gaussian", "--chains", "many"},
            {"--target", "logistic-regression"},
            {"--target", "logistic-regression", "--data", ragged.toString()},
            {"--target", "logistic-regression", "--data", "data/breast_cancer.csv"},
            {"--target", "gaussian", "--chains", "100000", "--dim", "1000", "--steps", "100000"},
        };
        String[] expected = {"Unknown target 'banana'", "--chains", "--steps", "the dimension is 3", "--step-size", "--schedule",
            "--init", "--burn-in", "Unknown algorithm 'hmc'", "Unknown engine 'gpu'", "--chains", "--data", "ragged.csv line 3",
            "breast_cancer.csv line 1", "--thin"};
        for (int i = 0; i < cases.length; i++) {
            Path out = dir.resolve("out" + i);
            String[] args = Stream.concat(Stream.of("run", "--quiet", "--out", out.toString()), Stream.of(cases[i]))
                    .toArray(String[]::new);
            Cli.Result r = langevin(args);
            assertEquals(Main.BAD_INPUT, r.status(), String.join(" ", cases[i]) + " -> " + r.err());
            assertTrue(r.err().contains(expected[i]), "expected '" + expected[i] + "' in: " + r.err());
            assertTrue(r.err().startsWith("langevin: "), r.err());
            assertFalse(Files.exists(out), "no output directory for " + String.join(" ", cases[i]));
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().contains(".partial")), "no staging left behind");
        }
    }

    @Test
    void forceReplacesOnlyAPreviousRunsDirectory() throws IOException {
        Path out = dir.resolve("keep");
        Files.createDirectories(out.resolve("sub"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        Files.writeString(out.resolve("sub/more.txt"), "mine too");
        Cli.Result r = langevin("run", "--target", "gaussian", "--steps", "10", "--quiet", "--out", out.toString());
        assertEquals(Main.BAD_INPUT, r.status());
        assertTrue(r.err().contains("--force"), r.err());
        Cli.Result forced = langevin("run", "--target", "gaussian", "--steps", "10", "--quiet", "--force", "--out",
                out.toString());
        assertEquals(Main.BAD_INPUT, forced.status(), forced.err());
        assertTrue(forced.err().contains("not written by a run"), forced.err());
        assertEquals(2, forced.err().lines().count(), forced.err());
        assertEquals("mine", Files.readString(out.resolve("notes.txt")), "nothing touched");
        assertEquals("mine too", Files.readString(out.resolve("sub/more.txt")), "nothing touched");

        // a run's own directory is replaced, and only once the new run is complete (runs this short finish
        // with the verdict "do not trust", status 3)
        Path run = dir.resolve("run");
        assertEquals(Main.DO_NOT_TRUST, langevin("run", "--target", "gaussian", "--steps", "10", "--seed", "1", "--quiet", "--out",
                run.toString()).status());
        assertEquals(Main.DO_NOT_TRUST, langevin("run", "--target", "gaussian", "--steps", "10", "--seed", "2", "--quiet", "--force",
                "--out", run.toString()).status());
        assertEquals(2, ((Number) plan(run).get("seed")).intValue());
        // a run directory with a file the run did not write is not a run directory any more
        Files.writeString(run.resolve("analysis.R"), "mine");
        Cli.Result mixed = langevin("run", "--target", "gaussian", "--steps", "10", "--seed", "3", "--quiet", "--force",
                "--out", run.toString());
        assertEquals(Main.BAD_INPUT, mixed.status(), mixed.err());
        assertTrue(mixed.err().contains("analysis.R"), mixed.err());
        assertEquals(2, ((Number) plan(run).get("seed")).intValue(), "the previous run is intact");
        // nor is a folder whose run.json is not a run's record (the current folder, say)
        Path project = dir.resolve("project");
        Files.createDirectories(project);
        Files.writeString(project.resolve("run.json"), "{\"name\": \"my package\"}");
        Cli.Result dot = langevin("run", "--target", "gaussian", "--steps", "10", "--quiet", "--force", "--out",
                project.toString());
        assertEquals(Main.BAD_INPUT, dot.status(), dot.err());
        assertTrue(Files.exists(project.resolve("run.json")));
        try (Stream<Path> left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no staging left behind");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plan(Path run) throws IOException {
        return (Map<String, Object>) RunJson.read(run.resolve("run.json")).get("plan");
    }

    @Test
    void divergentChainsAreReportedNotFatal() throws IOException {
        Path out = dir.resolve("div");
        Cli.Result r = langevin("run", "--target", "double-well", "--dim", "1", "--algorithm", "sgd", "--step-size", "0.1",
                "--init", "uniform:-3,3", "--chains", "32", "--steps", "50", "--seed", "3", "--out", out.toString());
        assertEquals(0, r.status(), "an optimiser's run with some chains left is not judged as draws: " + r.err());
        assertTrue(r.out().matches("(?s).*\\d+ of 32 chains diverged \\(chain \\d+ at step \\d+.*"), r.out());
        assertTrue(r.out().contains("sgd is an optimiser without noise") && r.out().contains("(4 of 32 chains diverged)"),
                r.out());
        String row = r.out().lines().filter(l -> l.startsWith("theta[0]")).findFirst().orElseThrow();
        assertFalse(row.contains("NaN"), "divergent chains are left out of the summary: " + row);
        @SuppressWarnings("unchecked")
        List<Object> divergences = (List<Object>) RunJson.read(out.resolve("run.json")).get("divergences");
        assertFalse(divergences.isEmpty());
    }

    @Test
    void aRunWhoseChainsAllDivergedIsNotTrusted() {
        Cli.Result r = langevin("run", "--target", "gaussian", "--dim", "2", "--step-size", "10", "--chains", "16",
                "--steps", "200", "--seed", "1");
        assertEquals(Main.DO_NOT_TRUST, r.status(), r.err());
        assertTrue(r.out().contains("Verdict: do not trust this run: all 16 chains diverged"), r.out());
        assertFalse(r.out().contains("no sign of non-convergence"), r.out());
        Cli.Result compared = langevin("compare", "--target", "gaussian", "--dim", "2", "--step-size", "10", "--chains", "16",
                "--steps", "200", "--algorithms", "sgld,adam", "--seed", "1", "--quiet");
        assertEquals(0, compared.status(), compared.err());
        String sgld = compared.out().lines().filter(l -> l.startsWith("sgld ")).findFirst().orElseThrow();
        assertTrue(sgld.matches("sgld +0\\.0% +all diverged +16"), sgld);
        assertFalse(compared.out().contains("Infinity"), compared.out());
        assertTrue(found(compared.out(), "adam") > 0.9, "adam does not diverge here: " + compared.out());
    }

    @Test
    void diagnoseGivesNaForNonFiniteDrawsAsPosteriorDoes() throws IOException {
        // 2 chains x 8 draws x 3 parameters: x finite, y with one NaN, z with one +Inf
        int chains = 2;
        int draws = 8;
        float[] values = new float[chains * draws * 3];
        for (int c = 0; c < chains; c++) {
            for (int t = 0; t < draws; t++) {
                int i = (c * draws + t) * 3;
                float v = (float) Math.sin(1 + 7 * c + t * 3.1);
                values[i] = v;
                values[i + 1] = c == 1 && t == 2 ? Float.NaN : v;
                values[i + 2] = c == 0 && t == 5 ? Float.POSITIVE_INFINITY : v;
            }
        }
        Path file = dir.resolve("nonfinite.npy");
        Npy.write(file, values, chains, draws, 3);
        Path csv = dir.resolve("nonfinite.csv");
        Cli.Result r = langevin("diagnose", file.toString(), "--names", "x,y,z", "--csv", csv.toString());
        assertEquals(Main.DO_NOT_TRUST, r.status(), r.err());
        assertTrue(r.out().contains("2 parameters have NaN or infinite draws (y: 1, z: 1)"), r.out());
        assertTrue(r.out().contains("Verdict: do not trust these draws yet: 2 parameters have NaN or infinite draws"), r.out());
        List<String> rows = Files.readAllLines(csv);
        String[] y = rows.get(2).split(",");
        String[] z = rows.get(3).split(",");
        // posterior 1.4 (summarise_draws on these draws): every statistic of y is NA; z has mean Inf, sd, MCSE and
        // tail-ESS NA, q95 Inf, and R-hat and bulk-ESS from ranks: 0.92640546597387097 and 8
        assertEquals(List.of("y", "NA", "NA", "NA", "NA", "NA", "NA", "NA", "NA", "NA"), List.of(y));
        assertEquals(List.of("Inf", "NA", "Inf", "NA", "NA"), List.of(z[1], z[2], z[5], z[6], z[8]));
        assertEquals(0.92640546597387097, Double.parseDouble(z[9]), 1e-8);
        assertEquals(8, Double.parseDouble(z[7]), 1e-8);
        assertTrue(Double.isFinite(Double.parseDouble(z[3])) && Double.isFinite(Double.parseDouble(z[4])), rows.get(3));
        String tableY = r.out().lines().filter(l -> l.startsWith("y ")).findFirst().orElseThrow();
        assertTrue(tableY.matches("y( +NA){9}"), tableY);
    }

    @Test
    void superchainsShareStartsAndGetNestedRhat() throws IOException {
        Path out = dir.resolve("nested");
        Cli.Result r = langevin("run", "--target", "gaussian", "--dim", "2", "--algorithm", "sgd", "--chains", "8",
                "--superchains", "4", "--steps", "20", "--seed", "9", "--quiet", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Npy.Array draws = Npy.read(out.resolve("draws.npy"));
        int perChain = 10 * 2;
        for (int c = 0; c < 8; c += 2) {
            for (int i = 0; i < perChain; i++) {
                assertEquals(draws.values()[c * perChain + i], draws.values()[(c + 1) * perChain + i], "superchain " + c / 2);
            }
        }
        assertTrue(draws.values()[0] != draws.values()[2 * perChain], "superchains start apart");
        assertTrue(Files.readAllLines(out.resolve("summary.csv")).get(0).endsWith(",rhat,rhat_nested"));
        Cli.Result bad = langevin("run", "--target", "gaussian", "--chains", "10", "--superchains", "4", "--quiet");
        assertEquals(Main.BAD_INPUT, bad.status());
        assertTrue(bad.err().contains("The number of superchains, 4, must be at least 2 and divide the 10 chains")
                && bad.err().contains("Change --superchains."), bad.err());
    }

    @Test
    void cmdstanFormatWritesOneCsvPerChainWithTheSameDraws() throws IOException {
        Path out = dir.resolve("cmdstan");
        Cli.Result r = langevin("run", "--target", "gaussian", "--dim", "2", "--chains", "3", "--steps", "40", "--thin", "2",
                "--seed", "5", "--format", "cmdstan", "--report", "--quiet", "--out", out.toString());
        assertEquals(Main.DO_NOT_TRUST, r.status(), r.err());
        Npy.Array draws = Npy.read(out.resolve("draws.npy"));
        List<String> lines = Files.readAllLines(out.resolve("output_2.csv"));
        // CmdStan's num_samples counts iterations after warm-up, every thin-th saved: 10 draws x thin 2
        assertTrue(lines.stream().anyMatch(l -> l.equals("#     num_samples = 20")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.equals("# id = 2")));
        List<String> rows = lines.stream().filter(l -> !l.startsWith("#")).toList();
        assertEquals("lp__,theta.1,theta.2", rows.get(0));
        assertEquals(11, rows.size());
        for (int t = 0; t < 10; t++) {
            String[] fields = rows.get(t + 1).split(",");
            for (int j = 0; j < 2; j++) {
                assertEquals(draws.values()[(10 + t) * 2 + j], Float.parseFloat(fields[j + 1]), "chain 2 draw " + t);
            }
        }
        assertTrue(Files.exists(out.resolve("output_3.csv")) && !Files.exists(out.resolve("output_4.csv")));
        assertTrue(Files.exists(out.resolve("report.html")));
        Cli.Result bad = langevin("run", "--target", "gaussian", "--format", "cmdstan", "--quiet");
        assertEquals(Main.BAD_INPUT, bad.status());
        assertTrue(bad.err().contains("--format needs --out"), bad.err());
    }

    @Test
    void diagnoseSummarisesAnNpyFileAndRefusesBadOnes() throws IOException {
        Path out = dir.resolve("d");
        langevin("run", "--target", "gaussian", "--dim", "2", "--chains", "4", "--steps", "200", "--seed", "5", "--quiet",
                "--out", out.toString());
        Path csv = dir.resolve("again.csv");
        Cli.Result r = langevin("diagnose", out.resolve("draws.npy").toString(), "--names", "x,y", "--superchains", "2",
                "--csv", csv.toString());
        assertEquals(Main.DO_NOT_TRUST, r.status(), r.err());
        assertTrue(r.out().contains("4 chains x 100 draws x 2 parameters"), r.out());
        List<String> original = Files.readAllLines(out.resolve("summary.csv"));
        List<String> again = Files.readAllLines(csv);
        assertEquals(original.get(1).replaceFirst("theta\\[0]", "x"), again.get(1).substring(0, again.get(1).lastIndexOf(',')));
        assertTrue(again.get(0).endsWith(",rhat_nested"));
        Cli.Result wrongNames = langevin("diagnose", out.resolve("draws.npy").toString(), "--names", "x");
        assertEquals(Main.BAD_INPUT, wrongNames.status());
        assertTrue(wrongNames.err().contains("--names gives 1 names"), wrongNames.err());
        Cli.Result missing = langevin("diagnose", dir.resolve("nothing.npy").toString());
        assertEquals(Main.BAD_INPUT, missing.status());
        assertTrue(missing.err().contains("nothing.npy does not exist"), missing.err());
    }

    @Test
    void targetsListsEveryTargetWithDefaults() {
        Cli.Result r = langevin("targets");
        assertEquals(0, r.status());
        for (String name : List.of("gaussian", "correlated-gaussian", "quadratic", "ackley", "rosenbrock", "mixture",
                "double-well", "linear-regression", "logistic-regression")) {
            assertTrue(r.out().contains(name), name);
        }
        assertTrue(r.out().contains("(default 20)"), r.out());
    }

    @Test
    void compareShowsSgldEscapingLocalMinimaOfAckley() {
        Cli.Result r = langevin("compare", "--target", "ackley", "--dim", "2", "--chains", "512", "--steps", "1500",
                "--init", "uniform:-4,4", "--schedule", "poly:a=0.2,b=1,gamma=0.55", "--temperature", "0.5",
                "--adam-step-size", "0.05", "--seed", "1", "--quiet");
        assertEquals(0, r.status(), r.err());
        double sgld = found(r.out(), "sgld");
        double sgd = found(r.out(), "sgd");
        double adam = found(r.out(), "adam");
        assertTrue(sgd < 0.2 && adam < 0.2, "gradient descent stays in the local minimum it starts in: " + r.out());
        assertTrue(sgld > sgd + 0.2, "SGLD's noise carries chains over the ripples: " + r.out());
    }

    @Test
    void compareAcceptsEveryAlgorithm() {
        Cli.Result r = langevin("compare", "--target", "ackley", "--dim", "2", "--chains", "64", "--steps", "300",
                "--algorithms", "sgld,psgld,sghmc,mala,csgld,sgd,adam", "--step-size", "0.01", "--seed", "3", "--quiet");
        assertEquals(0, r.status(), r.err());
        // every chain starts in [-2, 2]^2; the noiseless optimisers stay in the ripple they start in, so only
        // those starting within the radius of the minimum find it, while the samplers' noise carries more there
        for (String algorithm : List.of("sgld", "psgld", "sghmc", "mala", "csgld", "sgd", "adam")) {
            String row = r.out().lines().filter(l -> l.startsWith(algorithm + " ")).findFirst().orElseThrow();
            assertEquals("0", row.trim().split("\\s+")[7], algorithm + " has no diverged chain: " + row);
        }
        assertTrue(found(r.out(), "sgld") > found(r.out(), "sgd"), r.out());
    }

    @Test
    void malaReportsItsAcceptanceRates() throws IOException {
        Path out = dir.resolve("mala");
        Cli.Result r = langevin("run", "--target", "gaussian", "--dim", "3", "--algorithm", "mala", "--step-size", "0.5",
                "--chains", "16", "--steps", "400", "--seed", "5", "--out", out.toString());
        assertEquals(Main.DO_NOT_TRUST, r.status(), r.err());
        assertTrue(r.out().contains("Acceptance: "), r.out());
        Map<String, Object> record = RunJson.read(out.resolve("run.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> acceptance = (Map<String, Object>) record.get("acceptance");
        double overall = ((Number) acceptance.get("overall")).doubleValue();
        assertTrue(overall > 0.3 && overall < 1, "overall acceptance " + overall);
        assertEquals(16, ((List<?>) acceptance.get("per_chain")).size());
        assertEquals(200, ((Number) acceptance.get("steps_per_chain")).intValue());
    }

    @Test
    void sgldCvRecordsTheModeItFound() throws IOException {
        Path out = dir.resolve("cv");
        Cli.Result r = langevin("run", "--target", "logistic-regression", "--data", "data/breast_cancer.csv", "--skip-rows",
                "1", "--standardize", "--algorithm", "sgld-cv", "--batch-size", "32", "--step-size", "1e-4",
                "--mode-steps", "3000", "--mode-step-size", "1e-3", "--chains", "8", "--steps", "200", "--seed", "2",
                "--quiet", "--out", out.toString());
        assertEquals(Main.DO_NOT_TRUST, r.status(), r.err());
        Map<String, Object> record = RunJson.read(out.resolve("run.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> plan = (Map<String, Object>) record.get("plan");
        assertEquals("sgld-cv", plan.get("algorithm"));
        assertEquals("control-variate minibatch:32,per-chain", plan.get("gradient"));
        @SuppressWarnings("unchecked")
        Map<String, Object> mode = (Map<String, Object>) plan.get("control_variate_mode");
        assertEquals(3000, ((Number) mode.get("search_steps")).intValue());
        assertEquals(31, ((List<?>) mode.get("theta")).size());
        assertTrue(((Number) mode.get("gradient_norm")).doubleValue() < 50, "the search should near the mode: " + mode);
    }

    @Test
    void algorithmOptionsThatCannotWorkAreOneSentence() {
        String[][] cases = {
            {"--target", "logistic-regression", "--data", "data/breast_cancer.csv", "--skip-rows", "1", "--algorithm",
                "mala", "--batch-size", "16", "--steps", "10", "--chains", "2"},
            {"--target", "gaussian", "--algorithm", "mala", "--temperature", "0", "--steps", "10", "--chains", "2"},
            {"--target", "gaussian", "--algorithm", "csgld", "--schedule", "poly:a=0.1,b=1,gamma=0.6", "--steps", "10"},
            {"--target", "gaussian", "--algorithm", "sgld-cv", "--steps", "10", "--chains", "2"},
            {"--target", "gaussian", "--algorithm", "sghmc", "--friction", "2", "--steps", "10", "--chains", "2"},
            {"--target", "gaussian", "--algorithm", "psgld", "--alpha", "1", "--steps", "10", "--chains", "2"},
            {"--target", "gaussian", "--algorithm", "hmc", "--steps", "10", "--chains", "2"},
        };
        String[] expected = {"Mala uses the exact gradient, not minibatches.\nChange --batch-size.",
            "Mala needs a temperature above 0.\nChange --temperature.",
            "Csgld needs a cyclical step size schedule, cyclic:eta0=E,cycles=M.\nChange --schedule.",
            "--algorithm sgld-cv needs a data target and --batch-size",
            "Friction must lie in (0, 1], got 2.0.\nChange --friction.", "Alpha must lie in (0, 1), got 1.0.\nChange --alpha.",
            "Unknown algorithm 'hmc'"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[cases[i].length + 1];
            args[0] = "run";
            System.arraycopy(cases[i], 0, args, 1, cases[i].length);
            Cli.Result r = langevin(args);
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains(expected[i]), r.err());
        }
    }

    private static double found(String table, String algorithm) {
        String row = table.lines().filter(l -> l.startsWith(algorithm + " ")).findFirst().orElseThrow();
        return Double.parseDouble(row.trim().split("\\s+")[1].replace("%", "")) / 100;
    }
}
