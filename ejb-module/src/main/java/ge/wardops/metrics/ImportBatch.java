package ge.wardops.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Samples encoded once, as the request body VictoriaMetrics' /api/v1/import/prometheus takes:
 * Prometheus text lines with millisecond timestamps, gzip-compressed. The spool stores exactly these
 * bytes, so a replayed batch is the same request, with the same timestamps, as the one that failed.
 */
record ImportBatch(byte[] gzipped, int samples) {

    static ImportBatch encode(List<Sample> samples) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + samples.size() * 24);
        try (Writer out = new OutputStreamWriter(new GZIPOutputStream(bytes, 8192), StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder(160);
            for (Sample s : samples) {
                line.setLength(0);
                appendLine(line, s);
                out.append(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory cannot fail", e);
        }
        return new ImportBatch(bytes.toByteArray(), samples.size());
    }

    /**
     * The earliest timestamp in the batch (the last field of each line), read back from the gzipped
     * lines; {@link Long#MAX_VALUE} for none. For replays only: the writer says from when samples
     * arrived late.
     */
    long oldestMillis() {
        long oldest = Long.MAX_VALUE;
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped)), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int space = line.lastIndexOf(' ');
                if (space > 0) {
                    try {
                        oldest = Math.min(oldest, Long.parseLong(line.substring(space + 1)));
                    } catch (NumberFormatException e) {
                        // not one of ours; VictoriaMetrics took or refused it already
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a spooled batch that was just sent cannot be read back", e);
        }
        return oldest;
    }

    static void appendLine(StringBuilder line, Sample s) {
        line.append(s.metric());
        if (!s.labels().isEmpty()) {
            line.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : s.labels().entrySet()) {
                if (!first) {
                    line.append(',');
                }
                first = false;
                line.append(label.getKey()).append("=\"");
                escape(line, label.getValue());
                line.append('"');
            }
            line.append('}');
        }
        line.append(' ').append(s.value()).append(' ').append(s.timestampMillis()).append('\n');
    }

    /** The exposition format's three escapes; anything else in a label value goes through as UTF-8. */
    private static void escape(StringBuilder line, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> line.append("\\\\");
                case '"' -> line.append("\\\"");
                case '\n' -> line.append("\\n");
                default -> line.append(c);
            }
        }
    }
}
