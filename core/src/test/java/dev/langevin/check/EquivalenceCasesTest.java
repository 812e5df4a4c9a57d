package dev.langevin.check;

import dev.langevin.TestData;
import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.algorithm.UpdateRule;
import dev.langevin.engine.EngineCases;
import dev.langevin.schedule.StepSizeSchedule;
import dev.langevin.target.Target;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The equivalence command's cases are the engines' tests' cases, one for one, in the same order. */
class EquivalenceCasesTest {
    @Test
    void theCommandChecksWhatTheTestsCheck() throws Exception {
        List<String> tests = EngineCases.equivalence().map(arguments -> {
            Object[] a = arguments.get();
            return new EquivalenceCases.Case((Target) a[0], (GradientEstimator) a[1], (UpdateRule) a[2],
                    (StepSizeSchedule) a[3], (Double) a[4]);
        }).map(EquivalenceCasesTest::text).toList();
        List<String> command = EquivalenceCases.all(TestData.breastCancer(), TestData.diabetes(), TestData.digits()).stream()
                .map(EquivalenceCasesTest::text).toList();
        assertEquals(tests, command);
        assertEquals(command, EquivalenceCases.all(Path.of("data")).stream().map(EquivalenceCasesTest::text).toList(),
                "loading the data from a folder gives the same cases");
        assertEquals(EngineCases.STEPS, EquivalenceCases.STEPS);
    }

    private static String text(EquivalenceCases.Case c) {
        return c.describe() + " | tolerance " + c.tolerance();
    }
}
