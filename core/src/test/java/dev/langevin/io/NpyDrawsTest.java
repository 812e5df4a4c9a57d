package dev.langevin.io;

import dev.langevin.algorithm.Sgld;
import dev.langevin.engine.InMemoryDraws;
import dev.langevin.engine.Plan;
import dev.langevin.engine.Plans;
import dev.langevin.engine.ProgressListener;
import dev.langevin.engine.reference.ReferenceEngine;
import dev.langevin.error.InputFileException;
import dev.langevin.target.Gaussian;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyDrawsTest {
    @TempDir
    Path dir;

    @Test
    void streamedDrawsEqualTheDrawsHeldInMemory() throws Exception {
        Plan plan = Plans.plan(new Gaussian(new double[] {0, 1, 2}, new double[] {1, 1, 1}), new Sgld(), 0.1, 1, 5, 100, 3,
                2, 21);
        InMemoryDraws memory = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
        new ReferenceEngine(16).run(plan, memory, ProgressListener.NONE);
        Path file = dir.resolve("draws.npy");
        // a buffer of 7 draws: blocks that do not divide the 48 draws, across launches of 16 steps
        try (NpyDrawWriter writer = new NpyDrawWriter(file, plan.chains(), plan.draws(), plan.dim(), 7L * 5 * 3 * 4)) {
            assertEquals(7, writer.blockDraws());
            new ReferenceEngine(16).run(plan, writer, ProgressListener.NONE);
        }
        assertArrayEquals(memory.values(), Npy.read(file).values());
        try (NpyDraws mapped = NpyDraws.open(file)) {
            assertEquals(5, mapped.chains());
            assertEquals(48, mapped.draws());
            assertEquals(3, mapped.dims());
            double[] fromFile = new double[2 * 48];
            double[] fromMemory = new double[2 * 48];
            mapped.read(2, new int[] {4, 1}, fromFile);
            memory.read(2, new int[] {4, 1}, fromMemory);
            assertArrayEquals(fromMemory, fromFile);
        }
    }

    @Test
    void readsFloat64AndTwoDimensionalFiles() throws Exception {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";
        int pad = 64 - (10 + dict.length() + 1) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 6 * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 6; i++) {
            b.putDouble(i + 0.5);
        }
        Path file = dir.resolve("f8.npy");
        Files.write(file, b.array());
        try (NpyDraws draws = NpyDraws.open(file)) {
            assertEquals(1, draws.dims());
            double[] out = new double[3];
            draws.read(0, new int[] {1}, out);
            assertArrayEquals(new double[] {3.5, 4.5, 5.5}, out);
        }
    }

    @Test
    void refusesWhatItCannotRead() throws Exception {
        Path text = dir.resolve("text.npy");
        Files.writeString(text, "hello, world");
        InputFileException notNpy = assertThrows(InputFileException.class, () -> NpyDraws.open(text));
        assertTrue(notNpy.getMessage().contains("text.npy"), notNpy.getMessage());
        InputFileException missing = assertThrows(InputFileException.class,
                () -> NpyDraws.open(dir.resolve("none.npy")));
        assertTrue(missing.getMessage().contains("does not exist"));
        Path truncated = dir.resolve("short.npy");
        Npy.write(truncated, new float[24], 2, 3, 4);
        byte[] bytes = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 8));
        InputFileException cut = assertThrows(InputFileException.class, () -> NpyDraws.open(truncated));
        assertTrue(cut.getMessage().contains("truncated") && cut.getMessage().contains(String.valueOf(bytes.length - 8)),
                cut.getMessage());
        Files.write(truncated, java.util.Arrays.copyOf(bytes, 30));
        assertTrue(assertThrows(InputFileException.class, () -> NpyDraws.open(truncated)).getMessage()
                .contains("truncated"));
        assertTrue(assertThrows(InputFileException.class, () -> NpyDraws.open(dir)).getMessage()
                .contains("is a directory"));
    }
}
