package ge.wardops.api;

import jakarta.json.bind.JsonbBuilder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kept forms of an answer: the same bytes JSON-B writes, its gzip form and ETag, never in one array
 * larger than a chunk (a 3 MB answer as one array was a G1 humongous allocation and a collection of its own).
 */
public class ByteChunksTest {

    /** About the size of the standalone list of 10,000 devices (3.2 MB). */
    public record Row(long id, String name, String ip, String status, double rttMs, String branch) {
    }

    private static List<Row> fleet(int n) {
        return IntStream.range(0, n).mapToObj(i -> new Row(i, "BR-" + i + "-ATM-ÄŽ\"quoted\"",
                "127.0." + (i / 250) + "." + (i % 250), i % 7 == 0 ? "DOWN" : "UP", 0.25 * i, "Tbilisi — branch " + (i % 700)))
                .toList();
    }

    @Test
    void aLargeAnswerIsTheBytesJsonbWritesInChunksNoneOfThemHumongous() throws Exception {
        List<Row> rows = fleet(25_000);
        byte[] expected = JsonbBuilder.create().toJson(rows).getBytes(StandardCharsets.UTF_8);
        assertTrue(expected.length > 3_000_000, "as large as the 10,000-device list: " + expected.length);

        Etags.Body body = Etags.reusableBody(rows);

        assertArrayEquals(expected, body.json().toByteArray(),
                "the same UTF-8 JSON as JSON-B's toJson (non-ASCII and quotes included)");
        assertEquals(expected.length, body.json().size());
        assertTrue(body.json().chunkCount() > 40, "in pieces: " + body.json().chunkCount());
        assertEquals(ByteChunks.MAX_CHUNK, body.json().largestChunk(),
                "no piece larger than 64 KiB (G1's humongous size is 512 KiB at least)");
        assertTrue(body.gzip().largestChunk() <= ByteChunks.MAX_CHUNK);
        assertArrayEquals(expected, gunzip(body.gzip().toByteArray()), "the gzip form is the same JSON");
        assertEquals(sha256Prefix(expected), body.digest(), "the ETag is the SHA-256 of the whole JSON");

        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        body.json().write(sent);
        assertArrayEquals(expected, sent.toByteArray(), "what the response writes");
    }

    @Test
    void aSmallAnswerStaysSmall() {
        Etags.Body body = Etags.body(List.of("one"));
        assertEquals("[\"one\"]", new String(body.json().toByteArray(), StandardCharsets.UTF_8));
        assertEquals(1, body.json().chunkCount());
        assertEquals(ByteChunks.FIRST_CHUNK, body.json().largestChunk(), "a 7-byte answer holds one 512-byte chunk, not 64 KiB");
        assertNull(body.gzip(), "no gzip form for an answer made for one request");
    }

    @Test
    void keptHistoryBytesAreCopiedWholeAndTheirTagDependsOnEveryByte() throws Exception {
        byte[] json = new byte[200_000];
        for (int i = 0; i < json.length; i++) {
            json[i] = (byte) ('0' + i % 10);
        }
        Etags.Body body = Etags.reusableBody(json, Deflater.BEST_SPEED);
        assertArrayEquals(json, body.json().toByteArray());
        assertArrayEquals(json, gunzip(body.gzip().toByteArray()));
        assertEquals(sha256Prefix(json), body.digest());
        json[json.length - 1] = 'x';
        assertEquals(sha256Prefix(json), Etags.reusableBody(json, Deflater.BEST_SPEED).digest(), "the last byte counts too");
        assertNotEquals(body.digest(), Etags.reusableBody(json, Deflater.BEST_SPEED).digest());
    }

    @Test
    void chunksDoubleUpToTheLimitAndNothingIsWrittenAfterDone() throws IOException {
        ByteChunks.Sink sink = ByteChunks.sink();
        byte[] ten = "0123456789".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 30_000; i++) {
            sink.write(ten);
            sink.write('\n');
        }
        ByteChunks chunks = sink.done();
        assertEquals(330_000, chunks.size());
        // 512 + 1 K + ... + 32 K = 65,024 bytes in 7 chunks, then 64 KiB ones: 5 more for the remaining 264,976 bytes.
        assertEquals(7 + 5, chunks.chunkCount());
        assertEquals(ByteChunks.MAX_CHUNK, chunks.largestChunk());
        byte[] all = chunks.toByteArray();
        for (int i = 0; i < all.length; i += 11) {
            assertEquals('0', all[i]);
            assertEquals('\n', all[i + 10]);
        }
        assertThrows(IllegalStateException.class, () -> sink.write(1));
        assertThrows(IndexOutOfBoundsException.class, () -> ByteChunks.sink().write(ten, 5, 6));
        assertEquals(0, ByteChunks.of(new byte[0]).size());
        assertEquals(0, ByteChunks.of(new byte[0]).toByteArray().length);
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    private static String sha256Prefix(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
    }
}
