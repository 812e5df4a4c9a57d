package dev.langevin.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void headerIsNumpysVersion1LayoutAlignedTo64Bytes() {
        byte[] header = Npy.header(3, 5, 2);
        assertEquals(0, header.length % 64);
        String text = new String(header, 10, header.length - 10, StandardCharsets.US_ASCII);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 5, 2), }", text.strip());
        assertTrue(text.endsWith("\n"));
        assertEquals(header.length - 10, (header[8] & 0xFF) | (header[9] & 0xFF) << 8);
        assertEquals("(7,)", new String(Npy.header(7), StandardCharsets.US_ASCII).replaceAll(".*shape': ([^ ]*), }.*\\s*", "$1").strip());
    }

    @Test
    void roundTrips() throws Exception {
        float[] values = new float[3 * 4 * 5];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i) * 1000;
        }
        Path file = dir.resolve("a.npy");
        Npy.write(file, values, 3, 4, 5);
        assertEquals(128 + values.length * 4L, Files.size(file));
        Npy.Array back = Npy.read(file);
        assertArrayEquals(new int[] {3, 4, 5}, back.shape());
        assertArrayEquals(values, back.values());
    }
}
