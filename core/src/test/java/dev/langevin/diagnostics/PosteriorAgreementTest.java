package dev.langevin.diagnostics;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every diagnostic against the R package posterior 1.4 on the same draws, to 1e-6 relative.
 * The fixtures and the R script that made them are in core/src/test/resources/diagnostics.
 */
class PosteriorAgreementTest {
    private static final Path FIXTURES = Path.of("core/src/test/resources/diagnostics");
    private static final double RELATIVE = 1e-6;

    static Stream<String> fixtures() {
        return Stream.of("iid_normal", "ar1_odd_length", "many_short", "very_short", "heavy_tails", "stuck_chain",
                "shifted_chain", "tiny", "single_chain", "with_nan", "with_inf");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void matchesPosterior(String fixture) throws IOException {
        Chains x = readDraws(FIXTURES.resolve(fixture + ".draws.csv"));
        Map<String, Double> expected = readExpected(FIXTURES.resolve(fixture + ".expected.csv"));
        double[] q = Quantiles.of(x.values(), 0.05, 0.5, 0.95);
        check(fixture, "rhat", expected, RHat.rankNormalized(x));
        check(fixture, "rhat_basic", expected, RHat.basic(x));
        check(fixture, "ess_bulk", expected, Ess.bulk(x));
        check(fixture, "ess_tail", expected, Ess.tail(x));
        check(fixture, "ess_basic", expected, Ess.basic(x));
        check(fixture, "mcse_mean", expected, Mcse.mean(x));
        check(fixture, "q5", expected, q[0]);
        check(fixture, "q50", expected, q[1]);
        check(fixture, "q95", expected, q[2]);
        check(fixture, "mean", expected, Moments.mean(x.values()));
        int[] groups = superchainIds(fixture);
        if (groups != null) {
            check(fixture, "rhat_nested", expected, RHat.nested(x, groups));
        }
    }

    /** The path every command takes (one sort, in-place split chains, summed spectra) against posterior too. */
    @ParameterizedTest
    @MethodSource("fixtures")
    void summaryMatchesPosterior(String fixture) throws IOException {
        Chains x = readDraws(FIXTURES.resolve(fixture + ".draws.csv"));
        Map<String, Double> expected = readExpected(FIXTURES.resolve(fixture + ".expected.csv"));
        int[] groups = superchainIds(fixture);
        // the fixtures' superchains are consecutive groups, as --superchains K makes them
        int superchains = groups == null ? 0 : groups[groups.length - 1] + 1;
        ParameterSummary row = Summary.of(new ChainsSource(x), List.of("x"), java.util.Set.of(), superchains).get(0);
        check(fixture, "rhat", expected, row.rhat());
        check(fixture, "ess_bulk", expected, row.essBulk());
        check(fixture, "ess_tail", expected, row.essTail());
        check(fixture, "mcse_mean", expected, row.mcseMean());
        check(fixture, "q5", expected, row.q5());
        check(fixture, "q50", expected, row.q50());
        check(fixture, "q95", expected, row.q95());
        check(fixture, "mean", expected, row.mean());
        check(fixture, "sd", expected, row.sd());
        if (superchains > 0) {
            check(fixture, "rhat_nested", expected, row.rhatNested());
        }
    }

    /** One parameter's chains as a draw source. */
    record ChainsSource(Chains x) implements DrawSource {
        @Override
        public int chains() {
            return x.chains();
        }

        @Override
        public int draws() {
            return x.draws();
        }

        @Override
        public int dims() {
            return 1;
        }

        @Override
        public void read(int dim, int[] chainList, double[] out) {
            for (int i = 0; i < chainList.length; i++) {
                System.arraycopy(x.values(), chainList[i] * x.draws(), out, i * x.draws(), x.draws());
            }
        }
    }

    /** The fixture's superchain of each chain (0-based), or null when it has none. */
    private static int[] superchainIds(String fixture) throws IOException {
        Path file = FIXTURES.resolve(fixture + ".superchains.csv");
        if (!Files.exists(file)) {
            return null;
        }
        String[] ids = Files.readString(file).strip().split(",");
        int[] groups = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            groups[i] = Integer.parseInt(ids[i]) - 1;
        }
        return groups;
    }

    private static void check(String fixture, String name, Map<String, Double> expected, double actual) {
        Double value = expected.get(name);
        assertTrue(value != null, fixture + " lacks " + name);
        if (Double.isNaN(value)) {
            assertTrue(Double.isNaN(actual), fixture + " " + name + ": posterior gives NA, we give " + actual);
        } else if (Double.isInfinite(value)) {
            assertEquals(value, actual, fixture + " " + name);
        } else {
            assertEquals(value, actual, RELATIVE * Math.abs(value), fixture + " " + name);
        }
    }

    /** iterations x chains, as R writes a matrix. */
    static Chains readDraws(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int draws = lines.size();
        int chains = lines.get(0).split(",").length;
        double[] values = new double[chains * draws];
        for (int t = 0; t < draws; t++) {
            String[] fields = lines.get(t).split(",");
            for (int c = 0; c < chains; c++) {
                values[c * draws + t] = number(fields[c]);
            }
        }
        return new Chains(values, chains, draws);
    }

    /** A number as R's format writes it: Inf, -Inf and NaN included. */
    private static double number(String field) {
        String s = field.strip();
        return s.equals("Inf") ? Double.POSITIVE_INFINITY : s.equals("-Inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(s);
    }

    private static Map<String, Double> readExpected(Path file) throws IOException {
        Map<String, Double> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
            String[] fields = line.split(",");
            String value = fields[1].strip();
            expected.put(fields[0].strip(), value.equals("NA") ? Double.NaN : number(value));
        }
        return expected;
    }
}
