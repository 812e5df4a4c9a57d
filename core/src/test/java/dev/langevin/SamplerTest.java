package dev.langevin;

import dev.langevin.diagnostics.ParameterSummary;
import dev.langevin.engine.InitialState;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.error.ResourceLimitException;
import dev.langevin.target.Params;
import dev.langevin.target.StudentT;
import dev.langevin.target.Targets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java API as a user calls it. */
class SamplerTest {
    @TempDir
    Path dir;

    @Test
    void aModelIsSampledFromJavaInAFewLines() {
        try (Sampler.Result result = Sampler.of(new StudentT(2, 8, 1, 1)).algorithm("mala").stepSize(0.8).chains(64)
                .steps(20000).thin(10).init(new InitialState.Normal(1, 1)).seed(3).engine("cpu").run()) {
            assertEquals("cpu", result.engine());
            assertTrue(result.verdict().trusted(), result.verdict().text());
            double variance = 8.0 / 6.0;
            for (ParameterSummary row : result.summary()) {
                assertEquals(1, row.mean(), 5 * row.mcseMean(), row.toString());
                assertEquals(Math.sqrt(variance), row.sd(), 0.03, row.toString());
            }
            assertEquals(64 * 1000, result.draws().chains() * result.draws().draws());
        }
    }

    @Test
    void streamingTheDrawsToAFileGivesTheSameDrawsAsMemory() throws Exception {
        Sampler memory = Sampler.of(Targets.create("gaussian", new Targets.Request(3, Params.empty(), null, 1)))
                .chains(20).steps(100).seed(9).engine("reference");
        Sampler file = Sampler.of(Targets.create("gaussian", new Targets.Request(3, Params.empty(), null, 1)))
                .chains(20).steps(100).seed(9).engine("reference").drawsFile(dir.resolve("draws.npy"));
        try (Sampler.Result a = memory.run(); Sampler.Result b = file.run()) {
            int[] chains = new int[20];
            for (int c = 0; c < 20; c++) {
                chains[c] = c;
            }
            for (int j = 0; j < 3; j++) {
                double[] x = new double[20 * 50];
                double[] y = new double[20 * 50];
                a.draws().read(j, chains, x);
                b.draws().read(j, chains, y);
                for (int i = 0; i < x.length; i++) {
                    assertEquals(Double.doubleToLongBits(x[i]), Double.doubleToLongBits(y[i]), "draw " + i);
                }
            }
            assertEquals(a.summary().get(0).rhat(), b.summary().get(0).rhat());
        }
    }

    @Test
    void theKsdOfTheFinalStatesSeesABiasThatRHatAndEssDoNot() throws Exception {
        // SGLD on a standard normal at step size 1 is stationary at variance 2: the chains agree, wrongly
        Sampler.Result[] runs = new Sampler.Result[2];
        double[] steps = {1.0, 0.05};
        for (int k = 0; k < 2; k++) {
            runs[k] = Sampler.of(Targets.create("gaussian", new Targets.Request(2, Params.empty(), null, 1)))
                    .stepSize(steps[k]).chains(1024).steps(4000).seed(1).engine("cpu").run();
            runs[k].close();
        }
        assertTrue(runs[0].verdict().trusted(), "R-hat and ESS see nothing wrong: " + runs[0].verdict().text());
        assertEquals(1024, runs[0].ksd().n());
        assertTrue(runs[0].ksd().value() > 2.5 * runs[1].ksd().value(),
                runs[0].ksd() + " at step 1 against " + runs[1].ksd() + " at step 0.05");
    }

    @Test
    void badSettingsNameTheParameter() {
        assertEquals(List.of("stepSize"), assertThrows(InvalidParameterException.class,
                () -> Sampler.of(new StudentT(2, 5, 0, 1)).stepSize(-1)).parameters());
        assertEquals(List.of("chains"), assertThrows(InvalidParameterException.class,
                () -> Sampler.of(new StudentT(2, 5, 0, 1)).chains(0).run()).parameters());
        assertEquals(List.of("engine"), assertThrows(InvalidParameterException.class,
                () -> Sampler.of(new StudentT(2, 5, 0, 1)).engine("gpu").run()).parameters());
        ResourceLimitException memory = assertThrows(ResourceLimitException.class,
                () -> Sampler.of(new StudentT(1000, 5, 0, 1)).chains(100_000).steps(4000).checkResources());
        assertEquals("drawsFile", memory.parameters().get(0), "streaming to a file is the first remedy");
    }
}
