package dev.langevin.io;

import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.algorithm.Sgld;
import dev.langevin.data.Dataset;
import dev.langevin.engine.InMemoryDraws;
import dev.langevin.engine.InitialState;
import dev.langevin.engine.Plan;
import dev.langevin.schedule.Constant;
import dev.langevin.target.LogisticRegression;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CmdStanCsvTest {
    @TempDir
    Path dir;

    /** Five rows of two features and 0/1 labels. */
    private static final double[][] X = {{0.5, -1}, {1.5, 0.2}, {-0.3, 0.7}, {2, 1}, {-1.2, -0.4}};
    private static final double[] Y = {0, 1, 0, 1, 1};
    private static final double PRIOR_SD = 2;

    /** log pi(theta) + const for the logistic regression, written out here from its definition. */
    private static double logPosterior(double[] theta) {
        double lp = 0;
        for (double t : theta) {
            lp -= t * t / (2 * PRIOR_SD * PRIOR_SD);
        }
        for (int i = 0; i < X.length; i++) {
            double eta = theta[0] + theta[1] * X[i][0] + theta[2] * X[i][1];
            lp += Y[i] * eta - Math.log1p(Math.exp(eta));
        }
        return lp;
    }

    @Test
    void eachChainIsACmdStanCsvWithLpOfTheFullData() throws IOException {
        double[] features = new double[10];
        for (int i = 0; i < 5; i++) {
            features[2 * i] = X[i][0];
            features[2 * i + 1] = X[i][1];
        }
        Dataset data = new Dataset(features, Y, 5, 2, new double[2], new double[] {1, 1});
        // 9 steps, burn-in 4, thin 2: draws after steps 6 and 8, so num_samples (iterations after warm-up) is 4
        Plan plan = new Plan(new LogisticRegression(data, PRIOR_SD), new MinibatchGradient(2, false), new Sgld(),
                new Constant(0.01), 1.0, 2, 0, 9, 4, 2, new InitialState.Normal(0, 1), 7L);
        InMemoryDraws draws = new InMemoryDraws(2, plan.draws(), 3);
        draws.accept(0, new float[] {0.1f, -0.2f, 1.5f, 0.25f, -3f, 0.75f}, 2, 3);
        draws.accept(1, new float[] {0.3f, 1e-7f, -2.5f, 4f, 1.25f, -0.5f}, 2, 3);
        List<Path> files = CmdStanCsv.write(dir, draws, plan, 2.0);
        assertEquals(List.of(dir.resolve("output_1.csv"), dir.resolve("output_2.csv")), files);

        List<String> lines = Files.readAllLines(dir.resolve("output_2.csv"));
        List<String> comments = lines.stream().filter(l -> l.startsWith("#")).toList();
        for (String expected : List.of("# method = sample (Default)", "#     num_samples = 4", "#     num_warmup = 4",
                "#     thin = 2", "#     algorithm = sgld", "# id = 2", "#   seed = 7", "#  Elapsed Time: 0.889 seconds (Warm-up)",
                "#                1.111 seconds (Sampling)", "#                2.000 seconds (Total)")) {
            assertTrue(comments.contains(expected), expected + " in " + comments);
        }
        List<String> rows = lines.stream().filter(l -> !l.startsWith("#")).toList();
        assertEquals(List.of("lp__,theta.1,theta.2,theta.3"), rows.subList(0, 1));
        assertEquals(3, rows.size());
        float[][] chain2 = {{-0.2f, 0.25f, 0.75f}, {1e-7f, 4f, -0.5f}}; // state is theta[j * chains + c]
        for (int t = 0; t < 2; t++) {
            String[] fields = rows.get(t + 1).split(",");
            double[] theta = new double[3];
            for (int j = 0; j < 3; j++) {
                assertEquals(chain2[t][j], Float.parseFloat(fields[j + 1]), "draw " + t + ", theta." + (j + 1));
                theta[j] = chain2[t][j];
            }
            assertEquals(logPosterior(theta), Double.parseDouble(fields[0]), 1e-12, "lp__ of draw " + t);
        }
    }

    @Test
    void indexedNamesBecomeOneBasedDottedNames() {
        assertEquals("theta.1", CmdStanCsv.columnName("theta[0]"));
        assertEquals("beta.12", CmdStanCsv.columnName("beta[11]"));
        assertEquals("sigma", CmdStanCsv.columnName("sigma"));
    }
}
