package dev.langevin.io;

import dev.langevin.engine.DrawSink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams kept draws into draws.npy as the run goes, so runs larger than memory work. Draws
 * arrive one index at a time for all chains, but the file is (chains, draws, dims): a block
 * of draws is gathered in memory and written as one contiguous run per chain.
 */
public final class NpyDrawWriter implements DrawSink, AutoCloseable {
    private final FileChannel channel;
    private final long dataOffset;
    private final int chains;
    private final int draws;
    private final int dims;
    private final int blockDraws;
    private final float[] block;
    private final ByteBuffer bytes;
    private int blockStart;
    private int filled;

    /**
     * @param file        the file to write
     * @param chains      chains C
     * @param draws       draws per chain
     * @param dims        dimension d
     * @param bufferBytes memory the block buffer may take
     */
    public NpyDrawWriter(Path file, int chains, int draws, int dims, long bufferBytes) throws IOException {
        this.chains = chains;
        this.draws = draws;
        this.dims = dims;
        long perDraw = 4L * chains * dims;
        this.blockDraws = (int) Math.max(1, Math.min(draws, bufferBytes / perDraw));
        this.block = new float[Math.toIntExact((long) blockDraws * chains * dims)];
        this.bytes = ByteBuffer.allocateDirect(blockDraws * dims * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        byte[] header = Npy.header(chains, draws, dims);
        writeFully(ByteBuffer.wrap(header), 0);
        this.dataOffset = header.length;
    }

    @Override
    public void accept(int draw, float[] state, int chains, int dims) {
        int slot = draw - blockStart;
        for (int c = 0; c < chains; c++) {
            int base = (c * blockDraws + slot) * dims;
            for (int j = 0; j < dims; j++) {
                block[base + j] = state[j * chains + c];
            }
        }
        filled = slot + 1;
        if (filled == blockDraws || draw == draws - 1) {
            flush();
        }
    }

    private void flush() {
        try {
            for (int c = 0; c < chains; c++) {
                bytes.clear();
                bytes.asFloatBuffer().put(block, c * blockDraws * dims, filled * dims);
                bytes.limit(filled * dims * Float.BYTES);
                long position = dataOffset + ((long) c * draws + blockStart) * dims * Float.BYTES;
                writeFully(bytes, position);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        blockStart += filled;
        filled = 0;
    }

    private void writeFully(ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    /** Draws per block, for tests. */
    int blockDraws() {
        return blockDraws;
    }

    @Override
    public void close() throws IOException {
        if (filled > 0) {
            flush();
        }
        channel.close();
    }
}
