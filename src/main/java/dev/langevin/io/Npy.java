package dev.langevin.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numpy {@code .npy} format, version 1.0: a magic string, a header dictionary padded to
 * 64 bytes, then the array's bytes in C order. See numpy's {@code numpy.lib.format}.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");

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

    /** Reads a little-endian float32 or float64 C-order array (float64 is rounded to float). */
    public static Array read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (byte b : MAGIC) {
            if (buffer.get() != b) {
                throw new IOException(file + " is not a .npy file (its magic string is missing).");
            }
        }
        int major = buffer.get();
        buffer.get();
        int headerLength = major == 1 ? Short.toUnsignedInt(buffer.getShort()) : buffer.getInt();
        String header = new String(bytes, buffer.position(), headerLength, StandardCharsets.US_ASCII);
        buffer.position(buffer.position() + headerLength);
        Matcher descr = DESCR.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        if (!descr.find() || !shape.find() || !fortran.find()) {
            throw new IOException(file + " has a .npy header without descr, shape or fortran_order: " + header.strip());
        }
        if (fortran.group(1).equals("True")) {
            throw new IOException(file + " is in Fortran order; save it in C order (numpy's default).");
        }
        String[] parts = shape.group(1).split(",");
        int count = 0;
        for (String p : parts) {
            count += p.isBlank() ? 0 : 1;
        }
        int[] dims = new int[count];
        long size = 1;
        for (int i = 0, k = 0; i < parts.length; i++) {
            if (!parts[i].isBlank()) {
                dims[k] = Integer.parseInt(parts[i].strip());
                size *= dims[k++];
            }
        }
        float[] values = new float[Math.toIntExact(size)];
        switch (descr.group(1)) {
            case "<f4" -> buffer.asFloatBuffer().get(values);
            case "<f8" -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) buffer.getDouble();
                }
            }
            default -> throw new IOException(file + " holds dtype " + descr.group(1)
                    + "; only little-endian float32 (<f4) and float64 (<f8) are read.");
        }
        return new Array(values, dims);
    }
}
