package ge.wardops.api;

import jakarta.ws.rs.core.StreamingOutput;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Bytes written once and then sent many times, kept in pieces of at most {@value #MAX_CHUNK} bytes (the
 * first ones smaller, doubling, so that a short answer stays short): an answer of megabytes never becomes
 * one array. The standalone list of 10,000 devices is 3.2 MB; G1 puts an array of half a heap region or more
 * (512 KiB with the 1 GiB heap's 1 MiB regions) outside the young generation, and once the old generation is
 * past its occupancy threshold each such allocation starts a collection of its own: building that list through
 * a StringWriter, a String and {@code getBytes} made three to seven pauses in a row every probe round
 * (docs/performance.md, "Read path", the reading of the 2026-12-06 23:11 run). Immutable once
 * {@link Sink#done()} made it, so it can be shared between request threads; it is its own JAX-RS entity.
 */
final class ByteChunks implements StreamingOutput {

    static final int FIRST_CHUNK = 512;
    static final int MAX_CHUNK = 64 * 1024;

    private final byte[][] chunks;
    private final int lastLength;
    private final long size;

    private ByteChunks(byte[][] chunks, int lastLength, long size) {
        this.chunks = chunks;
        this.lastLength = lastLength;
        this.size = size;
    }

    static Sink sink() {
        return new Sink();
    }

    /** The bytes of {@code bytes}, copied. */
    static ByteChunks of(byte[] bytes) {
        Sink sink = sink();
        sink.write(bytes, 0, bytes.length);
        return sink.done();
    }

    long size() {
        return size;
    }

    /** Writes every byte to {@code out}, chunk by chunk (the entity's writer: the response body). */
    @Override
    public void write(OutputStream out) throws IOException {
        for (int i = 0; i < chunks.length; i++) {
            out.write(chunks[i], 0, length(i));
        }
    }

    void update(MessageDigest digest) {
        for (int i = 0; i < chunks.length; i++) {
            digest.update(chunks[i], 0, length(i));
        }
    }

    /** All of it in one array: for tests and small answers only (an array is what this class avoids). */
    byte[] toByteArray() {
        byte[] all = new byte[Math.toIntExact(size)];
        int at = 0;
        for (int i = 0; i < chunks.length; i++) {
            System.arraycopy(chunks[i], 0, all, at, length(i));
            at += length(i);
        }
        return all;
    }

    /** How many pieces hold it (tests: that a large answer is not one array). */
    int chunkCount() {
        return chunks.length;
    }

    int largestChunk() {
        return Arrays.stream(chunks).mapToInt(c -> c.length).max().orElse(0);
    }

    private int length(int i) {
        return i == chunks.length - 1 ? lastLength : chunks[i].length;
    }

    /** Where the bytes are written; one thread, then {@link #done()}. */
    static final class Sink extends OutputStream {

        private final List<byte[]> full = new ArrayList<>();
        private byte[] current = new byte[FIRST_CHUNK];
        private int used;
        private long size;
        private boolean done;

        private Sink() {
        }

        @Override
        public void write(int b) {
            room();
            current[used++] = (byte) b;
            size++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            while (len > 0) {
                room();
                int n = Math.min(len, current.length - used);
                System.arraycopy(b, off, current, used, n);
                used += n;
                off += n;
                len -= n;
                size += n;
            }
        }

        private void room() {
            if (done) {
                throw new IllegalStateException("written after done()");
            }
            if (used == current.length) {
                full.add(current);
                current = new byte[Math.min(MAX_CHUNK, current.length * 2)];
                used = 0;
            }
        }

        /** What was written; nothing may be written after it. */
        ByteChunks done() {
            done = true;
            byte[][] all = full.toArray(new byte[full.size() + 1][]);
            all[full.size()] = current;
            return new ByteChunks(all, used, size);
        }
    }
}
