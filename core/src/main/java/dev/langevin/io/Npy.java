package dev.langevin.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The numpy {@code .npy} format, version 1.0: a magic string, a header dictionary padded to
 * 64 bytes, then the array's bytes in C order. See numpy's {@code numpy.lib.format}.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;

    /** A float array read from a file, with its shape. */
    public record Array(float[] values, int[] shape) {
    }

    private Npy() {
    }

    /** The header of a little-endian float32 C-order array of the given shape. */
    public static byte[] header(int... shape) {
        StringBuilder dims = new StringBuilder();
        for (int s : shape) {
            dims.append(s).append(", ");
        }
        String shapeText = shape.length == 1 ? shape[0] + "," : dims.substring(0, dims.length() - 2);
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shapeText + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT;
        String text = dict + " ".repeat(padding) + "\n";
        ByteBuffer buffer = ByteBuffer.allocate(MAGIC.length + 4 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
        buffer.put(text.getBytes(StandardCharsets.US_ASCII));
        return buffer.array();
    }

    /** Writes a float32 array of the given shape (C order) to a file. */
    public static void write(Path file, float[] values, int... shape) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            writeFully(channel, ByteBuffer.wrap(header(shape)));
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < values.length; ) {
                buffer.clear();
                while (i < values.length && buffer.remaining() >= Float.BYTES) {
                    buffer.putFloat(values[i++]);
                }
                buffer.flip();
                writeFully(channel, buffer);
            }
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /**
     * Reads a whole (chains, draws, dims) float32 or float64 array into memory, as float32 in
     * C order; for small files and tests. Large files are read with {@link NpyDraws}.
     */
    public static Array read(Path file) throws IOException {
        try (NpyDraws draws = NpyDraws.open(file)) {
            int chains = draws.chains();
            int length = draws.draws();
            int dims = draws.dims();
            float[] values = new float[Math.toIntExact((long) chains * length * dims)];
            double[] column = new double[length];
            for (int c = 0; c < chains; c++) {
                for (int j = 0; j < dims; j++) {
                    draws.read(j, new int[] {c}, column);
                    for (int t = 0; t < length; t++) {
                        values[(c * length + t) * dims + j] = (float) column[t];
                    }
                }
            }
            return new Array(values, new int[] {chains, length, dims});
        }
    }
}
