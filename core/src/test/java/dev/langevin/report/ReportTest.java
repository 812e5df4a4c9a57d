package dev.langevin.report;

import dev.langevin.cli.Cli;
import dev.langevin.cli.Main;
import dev.langevin.diagnostics.Ranks;
import dev.langevin.error.InputFileException;
import dev.langevin.io.Npy;
import dev.langevin.io.RunJson;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static dev.langevin.cli.Cli.langevin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {
    private static final Pattern IMAGE = Pattern.compile("<img src=\"([^\"]+)\"");

    @TempDir
    Path dir;

    private Path run(String name, String... targetArgs) {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(List.of(targetArgs));
        args.addAll(List.of("--chains", "16", "--steps", "200", "--burn-in", "0", "--seed", "1", "--quiet",
                "--out", out.toString()));
        Cli.Result r = langevin(args.toArray(String[]::new));
        // short runs kept from step 0: they finish, write their directory and are judged not to be trusted
        assertEquals(dev.langevin.cli.Main.DO_NOT_TRUST, r.status(), r.err());
        return out;
    }

    /** Runs report, checks every picture the page names, and returns the names. */
    private static List<String> reportImages(Path runDir) throws IOException {
        Cli.Result r = langevin("report", runDir.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("report.html"), r.out());
        String html = Files.readString(runDir.resolve("report.html"));
        List<String> images = new ArrayList<>();
        Matcher m = IMAGE.matcher(html);
        while (m.find()) {
            Path png = runDir.resolve(m.group(1));
            assertTrue(Files.isRegularFile(png), png + " is referenced but missing");
            BufferedImage image = ImageIO.read(png.toFile());
            assertNotNull(image, png + " is not a readable image");
            assertTrue(image.getWidth() >= 200 && image.getHeight() >= 150, png + " is too small");
            assertTrue(Files.size(png) > 5_000, png + " is nearly empty");
            images.add(runDir.relativize(png).toString());
        }
        try (Stream<Path> written = Files.list(runDir.resolve(ReportWriter.IMAGES))) {
            assertEquals(images.size(), written.count(), "report/ holds exactly the pictures the page shows");
        }
        try (Stream<Path> leftovers = Files.list(runDir)) {
            assertTrue(leftovers.noneMatch(p -> p.getFileName().toString().contains(".partial-")));
        }
        return images;
    }

    @Test
    void aHoldoutRunsReportHasThePredictionsTableAndAReliabilityDiagram() throws IOException {
        Path out = dir.resolve("holdout");
        Cli.Result r = langevin("run", "--target", "softmax-regression", "--data", "data/digits.csv.gz", "--standardize",
                "--holdout", "0.2", "--chains", "4", "--steps", "200", "--thin", "10", "--batch-size", "32",
                "--step-size", "1e-4", "--init", "normal:0,0.1", "--seed", "2", "--quiet", "--out", out.toString());
        assertTrue(r.status() == 0 || r.status() == Main.DO_NOT_TRUST, r.err());
        Map<String, Object> bins = map(RunJson.read(out.resolve("predict.json")).get("reliability"));
        assertEquals(15, ((List<?>) bins.get("rows")).size(), bins.toString());
        assertEquals(359, ((List<?>) bins.get("rows")).stream().mapToInt(n -> ((Number) n).intValue()).sum());

        List<String> images = reportImages(out);
        assertTrue(images.contains("report/reliability.png"), images.toString());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<h2 id=\"predictions\">Predictions</h2>"), html);
        assertTrue(html.contains("averaged over all chains (BMA)"), html);
        assertTrue(html.contains("single chain: median"), html);
        assertTrue(html.contains("held-out mean log-likelihood"), html);
        String averaged = String.format(java.util.Locale.ROOT, "%.4f",
                ((Number) map(RunJson.read(out.resolve("predict.json")).get("averaged")).get("accuracy")).doubleValue());
        assertTrue(html.contains("averaged over all chains (BMA)</td><td>" + averaged + "</td>"), html);

        // a run without predictions has no such section
        Path plain = run("plain", "--target", "gaussian");
        reportImages(plain);
        assertFalse(Files.readString(plain.resolve("report.html")).contains("Predictions"));
    }

    @Test
    void reportOfA2dAckleyRunHasEveryPictureAndTheLandscape() throws IOException {
        Path runDir = run("ackley", "--target", "ackley", "--dim", "2");
        List<String> images = reportImages(runDir);
        assertTrue(images.contains("report/landscape.png"), images.toString());
        assertTrue(images.contains("report/trace-0.png") && images.contains("report/rank-1.png"), images.toString());
        assertTrue(images.contains("report/density-0.png") && images.contains("report/density-1.png"), images.toString());
        // summary.csv from run has R-hat and ESS: their distributions are drawn
        assertTrue(images.contains("report/rhat.png") && images.contains("report/ess-bulk.png"), images.toString());
        String html = Files.readString(runDir.resolve("report.html"));
        assertTrue(html.contains("<th>seed</th><td>1</td>"), html);
        assertTrue(html.contains("<th>kernel Stein discrepancy</th>"), "the run's KSD is in the plan table");
        // a second report replaces the first
        assertEquals(images, reportImages(runDir));
    }

    @Test
    void reportOfA3dGaussianHasNoLandscape() throws IOException {
        Path runDir = run("gaussian", "--target", "gaussian", "--dim", "3");
        List<String> images = reportImages(runDir);
        assertFalse(images.contains("report/landscape.png"), images.toString());
        assertTrue(images.contains("report/density-2.png"), images.toString());
    }

    @Test
    void diagnosticColumnsAreReadByNameAndFlagged() throws IOException {
        Path runDir = run("diagnostics", "--target", "gaussian", "--dim", "3");
        // the columns summary.csv will gain, in another order than today's, with theta[2] mixing worst
        Files.writeString(runDir.resolve("summary.csv"), """
                parameter,rhat,mean,sd,q5,q50,q95,mcse_mean,ess_bulk,ess_tail,rhat_nested
                theta[0],1.001,0.01,1.0,-1.6,0.0,1.6,0.01,2500,2300,1.0005
                theta[1],1.004,-0.02,1.0,-1.6,0.0,1.6,0.01,1900,350,1.002
                theta[2],1.2,0.05,1.1,-1.7,0.1,1.7,0.05,120,90,1.1
                """);
        List<String> images = reportImages(runDir);
        assertTrue(images.contains("report/rhat.png") && images.contains("report/ess-bulk.png"), images.toString());
        String html = Files.readString(runDir.resolve("report.html"));
        assertTrue(html.contains("<td class=\"flag\">1.200</td>"), html);
        assertTrue(html.contains("<td class=\"flag\">350</td>"), html);
        assertFalse(html.contains("<td class=\"flag\">1.004</td>"), html);
        assertTrue(html.indexOf("id=\"parameter-2\"") < html.indexOf("id=\"parameter-1\""), "worst R-hat first");
        assertEquals(List.of(2, 1, 0), ReportWriter.worst(SummaryTable.read(runDir.resolve("summary.csv"))));
    }

    @Test
    void divergentChainsAreLeftOut() throws IOException {
        Path runDir = run("diverged", "--target", "gaussian", "--dim", "2");
        Npy.Array draws = Npy.read(runDir.resolve("draws.npy"));
        int[] shape = draws.shape();
        float[] values = draws.values();
        for (int i = 3 * shape[1] * shape[2] + 50 * shape[2]; i < 4 * shape[1] * shape[2]; i++) {
            values[i] = Float.NaN;
        }
        Npy.write(runDir.resolve("draws.npy"), values, shape);
        Map<String, Object> record = new LinkedHashMap<>(RunJson.read(runDir.resolve("run.json")));
        record.put("divergences", List.of(Map.of("chain", 3, "step", 50)));
        RunJson.write(runDir.resolve("run.json"), record);

        RunDirectory run = RunDirectory.read(runDir);
        assertEquals(List.of(3), List.copyOf(run.excluded()));
        assertEquals(15, run.keptChains().size());
        reportImages(runDir);
        String html = Files.readString(runDir.resolve("report.html"));
        assertTrue(html.contains("1 of 16 (chains 3)"), html);
    }

    @Test
    void missingRunDirectoryIsBadInput() {
        Path missing = dir.resolve("no-such-run");
        Cli.Result r = langevin("report", missing.toString());
        assertEquals(Main.BAD_INPUT, r.status(), r.err());
        assertTrue(r.err().startsWith("langevin: ") && r.err().contains(missing.toString()), r.err());
    }

    @Test
    void runDirectoryWithoutDrawsOrWithBrokenRecordIsBadInput() throws IOException {
        Path runDir = run("broken", "--target", "gaussian", "--dim", "2");
        Files.writeString(runDir.resolve("run.json"), "{ not json");
        Cli.Result r = langevin("report", runDir.toString());
        assertEquals(Main.BAD_INPUT, r.status(), r.err());
        assertTrue(r.err().contains(runDir.resolve("run.json").toString()), r.err());
        Files.delete(runDir.resolve("draws.npy"));
        InputFileException e = assertThrows(InputFileException.class, () -> ReportWriter.write(runDir));
        assertTrue(e.getMessage().contains("draws.npy"), e.getMessage());
        assertFalse(Files.exists(runDir.resolve("report.html")));
    }

    @Test
    void ranksAverageTies() {
        assertArrayEquals(new double[] {3, 1.5, 4, 1.5}, Ranks.of(new double[] {2, 1, 5, 1}));
    }

    @Test
    void densityIntegratesToOne() {
        double[] values = new double[2000];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.sin(i * 0.37) * 3 + (i % 7);
        }
        Density d = Density.of(values);
        double area = 0;
        for (int g = 1; g < d.x().length; g++) {
            area += (d.x()[g] - d.x()[g - 1]) * (d.y()[g] + d.y()[g - 1]) / 2;
        }
        assertEquals(1, area, 1e-3);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }
}
