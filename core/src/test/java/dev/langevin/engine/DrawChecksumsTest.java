package dev.langevin.engine;

import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.algorithm.UpdateRule;
import dev.langevin.engine.cpu.CpuEngine;
import dev.langevin.engine.reference.ReferenceEngine;
import dev.langevin.schedule.StepSizeSchedule;
import dev.langevin.target.Target;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The draws of every built-in target with every algorithm (the equivalence cases) on the
 * reference and cpu engines, fixed bit for bit by their SHA-256 in
 * {@code core/src/test/resources/checksums/draws.tsv}. A change to how targets, rules or engines
 * are organised must leave these draws exactly as they were; a change that means to alter
 * them (a corrected formula) records new checksums with {@code -Dlangevin.recordChecksums=true}
 * and says why in its commit.
 */
class DrawChecksumsTest {
    private static final Path RECORD = Path.of("core/src/test/resources/checksums/draws.tsv");
    private static final boolean RECORDING = Boolean.getBoolean("langevin.recordChecksums");
    private static final Map<String, String> RECORDED = new TreeMap<>();
    private static final Map<String, String> MEASURED = new ConcurrentHashMap<>();

    static Stream<Arguments> cases() throws Exception {
        return EngineCases.equivalence();
    }

    @BeforeAll
    static void readRecord() throws IOException {
        try (InputStream in = DrawChecksumsTest.class.getResourceAsStream("/checksums/draws.tsv")) {
            if (in == null) {
                return;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] fields = line.split("\t");
                    RECORDED.put(fields[0] + "\t" + fields[1], fields[2]);
                }
            }
        }
    }

    @AfterAll
    static void writeRecord() throws IOException {
        if (RECORDING) {
            StringBuilder text = new StringBuilder("# case\tengine\tsha256 of the draws (float32 little-endian, chain-major)"
                    + " on reference and cpu\n");
            new TreeMap<>(MEASURED).forEach((k, v) -> text.append(k).append('\t').append(v).append('\n'));
            Files.createDirectories(RECORD.getParent());
            Files.writeString(RECORD, text);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void drawsAreThoseRecorded(Target target, GradientEstimator estimator, UpdateRule rule, StepSizeSchedule schedule,
                               double tolerance) {
        Plan plan = Plans.plan(target, estimator, rule, schedule, 1, 37, EngineCases.STEPS, 0, 1,
                new InitialState.Uniform(-1.5, 1.5), 42);
        String key = target.name() + " d=" + target.dim() + " " + estimator.describe() + " "
                + dev.langevin.algorithm.Algorithms.describe(rule, estimator) + " "
                + schedule.describe();
        String reference = sha256(EngineCases.run(new ReferenceEngine(), plan).values());
        String cpu = sha256(EngineCases.run(new CpuEngine(2, 16), plan).values());
        MEASURED.put(key + "\treference", reference);
        MEASURED.put(key + "\tcpu", cpu);
        if (RECORDING) {
            return;
        }
        assertNotNull(RECORDED.get(key + "\treference"), "no checksum recorded for " + key);
        assertArrayEquals(new String[] {RECORDED.get(key + "\treference"), RECORDED.get(key + "\tcpu")},
                new String[] {reference, cpu}, key);
    }

    private static String sha256(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bytes.putFloat(v);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @org.junit.jupiter.api.Test
    void theRecordCoversEveryCase() throws Exception {
        if (!RECORDING) {
            assertEquals(2 * cases().count(), RECORDED.size(), "one reference and one cpu checksum per case");
        }
    }
}
