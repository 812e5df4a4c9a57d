package dev.langevin.diagnostics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerdictTest {
    private static ParameterSummary row(String name, double sd, double essBulk, double essTail, double rhat, long nonFinite) {
        return new ParameterSummary(name, 0.5, sd, -1, 0, 1, 0.01, essBulk, essTail, rhat, Double.NaN, nonFinite);
    }

    private static final ParameterSummary GOOD = row("a", 1, 2000, 1800, 1.002, 0);

    @Test
    void goodDrawsPass() {
        Verdict v = Verdict.of(List.of(GOOD, row("b", 0, Double.NaN, Double.NaN, Double.NaN, 0)), 8, 0);
        assertTrue(v.trusted(), v.text());
        assertEquals("Verdict: all R-hat <= 1.01 and all ESS >= 400 (1 parameter is constant: no R-hat or ESS): "
                + "no sign of non-convergence.", v.text());
    }

    @Test
    void allChainsDivergedIsNeverReassuring() {
        double nan = Double.NaN;
        Verdict v = Verdict.of(List.of(row("a", nan, nan, nan, nan, 0)), 16, 16);
        assertFalse(v.trusted());
        assertTrue(v.text().startsWith("Verdict: do not trust this run: all 16 chains diverged"), v.text());
    }

    @Test
    void anOptimisersRunIsNotJudgedAsDrawsButAllDivergedStillFails() {
        Verdict sgd = Verdict.optimiser("sgd", 64, 3);
        assertTrue(sgd.trusted(), sgd.text());
        assertTrue(sgd.text().contains("not posterior draws") && sgd.text().contains("3 of 64 chains diverged"),
                sgd.text());
        Verdict gone = Verdict.optimiser("adam", 8, 8);
        assertFalse(gone.trusted(), gone.text());
        assertTrue(gone.text().startsWith("Verdict: do not trust this run: all 8 chains diverged"), gone.text());
    }

    @Test
    void someDivergedJudgesTheRest() {
        Verdict good = Verdict.of(List.of(GOOD), 16, 3);
        assertTrue(good.trusted(), good.text());
        assertTrue(good.text().startsWith("Verdict on the 13 of 16 chains that did not diverge (3 diverged): all R-hat"),
                good.text());
        Verdict bad = Verdict.of(List.of(row("a", 1, 2000, 1800, 1.05, 0)), 16, 3);
        assertFalse(bad.trusted());
        assertTrue(bad.text().contains("(3 diverged): do not trust these draws yet: 1 parameter has R-hat > 1.01 (worst a)"),
                bad.text());
    }

    @Test
    void eachFailedCheckIsNamed() {
        Verdict rhat = Verdict.of(List.of(GOOD, row("b", 1, 2000, 1800, 1.011, 0), row("c", 1, 2000, 1800, 1.2, 0)), 4, 0);
        assertFalse(rhat.trusted());
        assertEquals("Verdict: do not trust these draws yet: 2 parameters have R-hat > 1.01 (worst c). Run more steps or "
                + "chains.", rhat.text());
        Verdict ess = Verdict.of(List.of(GOOD, row("b", 1, 2000, 399, 1.001, 0)), 4, 0);
        assertFalse(ess.trusted());
        assertTrue(ess.text().contains("1 parameter has bulk or tail ESS < 400"), ess.text());
        Verdict nested = Verdict.of(List.of(new ParameterSummary("n", 0, 1, -1, 0, 1, 0.01, 2000, 2000, 1.001, 1.3, 0)), 4, 0);
        assertFalse(nested.trusted(), "nested R-hat counts: " + nested.text());
    }

    @Test
    void nonFiniteOrUndefinedStatisticsAreNotPassed() {
        // with an infinite draw posterior still gives R-hat and bulk ESS, from ranks
        Verdict infinite = Verdict.of(List.of(GOOD, row("b", Double.NaN, 2000, Double.NaN, 1.001, 1)), 4, 0);
        assertFalse(infinite.trusted());
        assertTrue(infinite.text().contains("1 parameter has NaN or infinite draws"), infinite.text());
        // varying draws too few for an ESS
        Verdict unjudged = Verdict.of(List.of(row("a", 0.8, Double.NaN, Double.NaN, 1.001, 0)), 1024, 0);
        assertFalse(unjudged.trusted());
        assertTrue(unjudged.text().contains("1 parameter has an R-hat or ESS of NA although the draws vary"),
                unjudged.text());
    }
}
