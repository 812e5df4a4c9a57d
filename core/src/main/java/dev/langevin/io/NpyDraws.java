package dev.langevin.io;

import dev.langevin.diagnostics.DrawSource;
import dev.langevin.error.FileErrors;
import dev.langevin.error.InputFileException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A (chains, draws, dims) float32 or float64 {@code .npy} file read through memory maps, so
 * files larger than memory can be summarised parameter by parameter. Any C-order file numpy
 * writes with {@code np.save} qualifies.
 */
public final class NpyDraws implements DrawSource, AutoCloseable {
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    /** Bytes per mapped segment: a multiple of 8, below the 2 GB limit of one buffer. */
    private static final long SEGMENT = 1L << 30;

    private final FileChannel channel;
    private final MappedByteBuffer[] segments;
    private final long dataOffset;
    private final int elementBytes;
    private final int chains;
    private final int draws;
    private final int dims;

    private NpyDraws(FileChannel channel, long dataOffset, int elementBytes, int chains, int draws, int dims)
            throws IOException {
        this.channel = channel;
        this.dataOffset = dataOffset;
        this.elementBytes = elementBytes;
        this.chains = chains;
        this.draws = draws;
        this.dims = dims;
        long size = (long) chains * draws * dims * elementBytes;
        if (channel.size() < dataOffset + size) {
            throw new IOException("the file holds " + (channel.size() - dataOffset) + " bytes of data but its shape needs "
                    + size + "; it is truncated.");
        }
        segments = new MappedByteBuffer[(int) ((size + SEGMENT - 1) / SEGMENT)];
        for (int s = 0; s < segments.length; s++) {
            long start = dataOffset + s * SEGMENT;
            long length = Math.min(SEGMENT, size - s * SEGMENT);
            segments[s] = channel.map(FileChannel.MapMode.READ_ONLY, start, length);
            segments[s].order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /**
     * Opens a 3-D float32 or float64 array; a 2-D (chains, draws) array is read as one parameter.
     *
     * @throws InputFileException naming the file when it is missing, a directory, truncated or
     *                            not such an array
     */
    public static NpyDraws open(Path file) {
        if (Files.isDirectory(file)) {
            throw new InputFileException(file, file + " is a directory, not a .npy file"
                    + (Files.isRegularFile(file.resolve("draws.npy")) ? " (a run's draws are in " + file.resolve("draws.npy")
                    + ")." : "."));
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new InputFileException(file, file + " does not exist.");
        } catch (IOException e) {
            throw FileErrors.cannotRead(file, e);
        }
        try {
            ByteBuffer start = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(start, 0);
            start.flip();
            if (start.remaining() < 10 || start.get() != (byte) 0x93 || start.get() != 'N' || start.get() != 'U'
                    || start.get() != 'M' || start.get() != 'P' || start.get() != 'Y') {
                throw new InputFileException(file, file + " is not a .npy file (its magic string is missing).");
            }
            int major = start.get();
            start.get();
            long headerLength;
            long headerStart;
            if (major == 1) {
                headerLength = Short.toUnsignedInt(start.getShort());
                headerStart = 10;
            } else {
                ByteBuffer four = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
                channel.read(four, 8);
                headerLength = Integer.toUnsignedLong(four.flip().getInt());
                headerStart = 12;
            }
            if (headerStart + headerLength > channel.size()) {
                throw new InputFileException(file, file + " is truncated: it ends inside its .npy header.");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            channel.read(headerBytes, headerStart);
            String header = new String(headerBytes.array(), StandardCharsets.ISO_8859_1);
            Matcher descr = DESCR.matcher(header);
            Matcher shape = SHAPE.matcher(header);
            Matcher fortran = FORTRAN.matcher(header);
            if (!descr.find() || !shape.find() || !fortran.find()) {
                throw new InputFileException(file, file + " has a .npy header without descr, shape or fortran_order.");
            }
            if (fortran.group(1).equals("True")) {
                throw new InputFileException(file, file + " is in Fortran order; save it in C order (numpy's default).");
            }
            int elementBytes = switch (descr.group(1)) {
                case "<f4" -> 4;
                case "<f8" -> 8;
                default -> throw new InputFileException(file, file + " holds dtype " + descr.group(1)
                        + "; only little-endian float32 (<f4) and float64 (<f8) are read.");
            };
            int[] dims = parseShape(file, shape.group(1));
            if (dims.length != 2 && dims.length != 3) {
                throw new InputFileException(file, file + " has " + dims.length
                        + " dimensions; expected (chains, draws, dims) or (chains, draws).");
            }
            long values = (long) dims[0] * dims[1] * (dims.length == 3 ? dims[2] : 1);
            long expected = headerStart + headerLength + values * elementBytes;
            long size = channel.size();
            if (size < expected) {
                throw new InputFileException(file, String.format(java.util.Locale.ROOT,
                        "%s is truncated: its header gives shape (%s) of %s, %d bytes in all, but the file has %d.",
                        file, shape.group(1).strip(), descr.group(1), expected, size));
            }
            return new NpyDraws(channel, headerStart + headerLength, elementBytes, dims[0], dims[1],
                    dims.length == 3 ? dims[2] : 1);
        } catch (IOException e) {
            closeQuietly(channel);
            throw FileErrors.cannotRead(file, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the error that made us close it is the one to report
        }
    }

    private static int[] parseShape(Path file, String text) {
        String[] parts = text.split(",");
        int count = 0;
        for (String p : parts) {
            count += p.isBlank() ? 0 : 1;
        }
        int[] dims = new int[count];
        for (int i = 0, k = 0; i < parts.length; i++) {
            if (!parts[i].isBlank()) {
                try {
                    dims[k++] = Integer.parseInt(parts[i].strip().replace("L", ""));
                } catch (NumberFormatException e) {
                    throw new InputFileException(file, file + " has a .npy shape (" + text.strip()
                            + ") that is not a list of sizes below 2^31.");
                }
                if (dims[k - 1] < 0) {
                    throw new InputFileException(file, file + " has a negative size in its shape (" + text.strip() + ").");
                }
            }
        }
        return dims;
    }

    /** Value at flat element index i. */
    private double value(long index) {
        long offset = index * elementBytes;
        MappedByteBuffer segment = segments[(int) (offset / SEGMENT)];
        int position = (int) (offset % SEGMENT);
        return elementBytes == 4 ? segment.getFloat(position) : segment.getDouble(position);
    }

    @Override
    public void read(int dim, int[] chainList, double[] out) {
        for (int i = 0; i < chainList.length; i++) {
            long base = (long) chainList[i] * draws * dims + dim;
            for (int t = 0; t < draws; t++) {
                out[i * draws + t] = value(base + (long) t * dims);
            }
        }
    }

    @Override
    public boolean readsInGroups() {
        return true;
    }

    @Override
    public boolean singlePrecision() {
        return elementBytes == Float.BYTES;
    }

    @Override
    public void read(int firstDim, int[] chainList, int from, int to, float[][] out) {
        if (elementBytes != Float.BYTES) {
            throw new UnsupportedOperationException("not a float32 file");
        }
        int count = out.length;
        for (int i = from; i < to; i++) {
            long base = (long) chainList[i] * draws * dims + firstDim;
            int at = i * draws;
            for (int t = 0; t < draws; t++, at++) {
                long offset = (base + (long) t * dims) * Float.BYTES;
                MappedByteBuffer segment = segments[(int) (offset / SEGMENT)];
                int position = (int) (offset % SEGMENT);
                if (position + count * Float.BYTES <= segment.limit()) {
                    for (int k = 0; k < count; k++, position += Float.BYTES) {
                        out[k][at] = segment.getFloat(position);
                    }
                } else {
                    for (int k = 0; k < count; k++) {
                        out[k][at] = (float) value(base + (long) t * dims + k);
                    }
                }
            }
        }
    }

    @Override
    public void read(int firstDim, int[] chainList, int from, int to, double[][] out) {
        int count = out.length;
        for (int i = from; i < to; i++) {
            long base = (long) chainList[i] * draws * dims + firstDim;
            int at = i * draws;
            for (int t = 0; t < draws; t++, at++) {
                long record = base + (long) t * dims;
                for (int k = 0; k < count; k++) {
                    out[k][at] = value(record + k);
                }
            }
        }
    }

    @Override
    public int chains() {
        return chains;
    }

    @Override
    public int draws() {
        return draws;
    }

    @Override
    public int dims() {
        return dims;
    }

    /** Bytes from the start of the file to the first value. */
    public long dataOffset() {
        return dataOffset;
    }

    /** Closes the file; the mapped draws stay readable, since a mapping outlives its channel. */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
