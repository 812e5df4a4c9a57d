package dev.langevin.schedule;

import dev.langevin.error.InvalidParameterException;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulesTest {

    @Test
    void polynomialFollowsItsFormula() {
        List<String> warnings = new ArrayList<>();
        StepSizeSchedule s = Schedules.parse("poly:a=0.5,b=10,gamma=0.55", 1000, warnings::add);
        assertEquals(0.5 * Math.pow(10, -0.55), s.stepSize(0), 1e-15);
        assertEquals(0.5 * Math.pow(110, -0.55), s.stepSize(100), 1e-15);
        assertTrue(warnings.isEmpty());
    }

    @Test
    void polynomialWarnsOutsideRobbinsMonro() {
        List<String> warnings = new ArrayList<>();
        Schedules.parse("poly:a=1,b=1,gamma=0.4", 10, warnings::add);
        Schedules.parse("poly:a=1,b=1,gamma=1.5", 10, warnings::add);
        Schedules.parse("poly:a=1,b=1,gamma=1", 10, warnings::add);
        assertEquals(2, warnings.size());
        assertTrue(warnings.get(0).contains("Robbins-Monro"));
    }

    @Test
    void cyclicalRestartsEveryCycleAndFallsToNearZero() {
        StepSizeSchedule s = Schedules.parse("cyclic:eta0=0.1,cycles=4", 1000, w -> { });
        assertEquals(0.1, s.stepSize(0), 1e-15);
        assertEquals(0.1, s.stepSize(250), 1e-15);
        assertEquals(0.05, s.stepSize(125), 1e-15, "half way down the cosine");
        assertEquals(0.1 / 2 * (Math.cos(Math.PI * 249 / 250) + 1), s.stepSize(249), 1e-15);
        assertTrue(s.stepSize(999) < 1e-5);
    }

    @Test
    void constantAndFillAgree() {
        StepSizeSchedule s = Schedules.parse("constant:eta=0.02", 10, w -> { });
        double[] values = new double[5];
        s.fill(3, values);
        for (double v : values) {
            assertEquals(0.02, v);
        }
    }

    @Test
    void badSchedulesAreRefusedWithTheirText() {
        for (String bad : new String[] {"linear:eta=1", "poly:a=1,b=1", "poly:a=-1,b=1,gamma=1", "cyclic:eta0=1,cycles=0",
            "constant:eta=x", "constant:eta=1,zeta=2", "cyclic:eta0=1,cycles=2.5"}) {
            InvalidParameterException e = assertThrows(InvalidParameterException.class,
                    () -> Schedules.parse(bad, 100, w -> { }), bad);
            assertTrue(e.getMessage().startsWith("The step size schedule " + bad), e.getMessage());
            assertEquals(java.util.List.of("schedule"), e.parameters());
        }
    }
}
