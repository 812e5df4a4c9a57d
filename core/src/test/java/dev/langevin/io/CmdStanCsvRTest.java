package dev.langevin.io;

import dev.langevin.cli.Cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CmdStan CSVs of {@code run --format cmdstan} as R reads them: {@code rstan::read_stan_csv},
 * then {@code posterior::as_draws_df} on rstan's fit ({@code core/src/test/resources/cmdstan/read-with-rstan.R}).
 * Skips without Rscript and the rstan and posterior packages (Debian: r-cran-rstan,
 * r-cran-posterior), unless LANGEVIN_REQUIRE_R=1 makes that a failure.
 */
class CmdStanCsvRTest {
    private static final Path SCRIPT = Path.of("core/src/test/resources/cmdstan/read-with-rstan.R");

    @TempDir
    Path dir;

    @BeforeAll
    static void needsRWithRstan() {
        boolean present = run(List.of("Rscript", "-e",
                "quit(status = if (requireNamespace('rstan', quietly = TRUE) && requireNamespace('posterior', quietly = TRUE)) 0 else 1)"))
                == 0;
        if (!present && "1".equals(System.getenv("LANGEVIN_REQUIRE_R"))) {
            fail("LANGEVIN_REQUIRE_R=1 but Rscript with the rstan and posterior packages was not found "
                    + "(apt-get install r-cran-rstan r-cran-posterior)");
        }
        assumeTrue(present, "no Rscript with rstan and posterior here; the test of reading CmdStan CSVs in R is skipped");
    }

    /** The exit status of a command, or -1 when it cannot start or takes over two minutes. */
    private static int run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Test
    void rstanReadsOurDrawsNamesAndLp() throws IOException, InterruptedException {
        Path out = dir.resolve("run");
        // 41 steps, burn-in 20, thin 2: 10 draws per chain, the last step not kept
        Cli.Result r = Cli.langevin("run", "--target", "gaussian", "--dim", "3", "--param", "mean=1:-2:0.5,sigma=0.5",
                "--chains", "3", "--steps", "41", "--burn-in", "20", "--thin", "2", "--seed", "5", "--format", "cmdstan",
                "--quiet", "--out", out.toString());
        assertEquals(dev.langevin.cli.Main.DO_NOT_TRUST, r.status(), "a short run finishes and is not trusted: " + r.err());
        Path read = dir.resolve("read.csv");
        Path log = dir.resolve("r.log");
        Process process = new ProcessBuilder("Rscript", SCRIPT.toString(), out.toString(), "3", read.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertEquals(true, process.waitFor(3, TimeUnit.MINUTES), "Rscript took over 3 minutes");
        assertEquals(0, process.exitValue(), "rstan could not read the files: " + Files.readString(log));

        List<String> lines = Files.readAllLines(read);
        assertEquals("sim,40,20,2,10", lines.get(0), "rstan's iter, warmup, thin and draws per chain");
        assertEquals(".chain,.iteration,theta[1],theta[2],theta[3],lp__", lines.get(1));
        assertEquals(2 + 3 * 10, lines.size());
        Npy.Array draws = Npy.read(out.resolve("draws.npy"));
        for (String line : lines.subList(2, lines.size())) {
            String[] fields = line.split(",");
            int chain = Integer.parseInt(fields[0]) - 1;
            int t = Integer.parseInt(fields[1]) - 1;
            for (int j = 0; j < 3; j++) {
                float ours = draws.values()[(chain * 10 + t) * 3 + j];
                assertEquals(ours, (float) Double.parseDouble(fields[2 + j]), "chain " + chain + " draw " + t + " dim " + j);
            }
            // lp__ = -U(theta) of the gaussian target: -sum (theta_j - mean_j)^2 / (2 sigma^2)
            double[] mean = {1, -2, 0.5};
            double lp = 0;
            for (int j = 0; j < 3; j++) {
                double z = draws.values()[(chain * 10 + t) * 3 + j] - mean[j];
                lp -= z * z / (2 * 0.25);
            }
            assertEquals(lp, Double.parseDouble(fields[5]), 1e-12 * Math.max(1, Math.abs(lp)), "lp__ " + line);
        }
    }
}
