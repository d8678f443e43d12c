package ge.wardops.metrics;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import jakarta.json.stream.JsonParserFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.logging.Logger;

/**
 * Reads series back from VictoriaMetrics with {@code /api/v1/query_range} over keep-alive connections
 * (the JDK's blocking client and its connection cache). The query goes as a POST form, so a selector
 * naming hundreds of devices never meets a URL length limit. Unreachable, 5xx, 408 and 429 are
 * retried with backoff; a request that timed out is not (a slow query retried only loads
 * VictoriaMetrics more); a 4xx is a bug in the query. Thread-safe.
 */
public class VictoriaMetricsReader {

    /** One series of a matrix answer: its labels and its points, oldest first. */
    public record Series(Map<String, String> labels, List<Point> points) {
    }

    /** One value at one moment, milliseconds since the epoch. */
    public record Point(long epochMillis, double value) {
    }

    /** Devices per query: a regex of 200 ids stays far below VictoriaMetrics' limits and is still one round trip for a branch. */
    public static final int DEVICES_PER_QUERY = 200;

    private static final Logger LOG = Logger.getLogger(VictoriaMetricsReader.class.getName());
    private static final int MAX_ATTEMPTS = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    private final URI queryRangeUri;
    private final URI queryUri;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    /** @param baseUri the select prefix: {@code /api/v1/query_range} goes after its path ({@code wardops.vm.select-url}) */
    public VictoriaMetricsReader(URI baseUri, Duration connectTimeout, Duration requestTimeout) {
        this.queryRangeUri = VictoriaMetricsSettings.under(baseUri, "/api/v1/query_range");
        this.queryUri = VictoriaMetricsSettings.under(baseUri, "/api/v1/query");
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Runs {@code expression} for many devices, {@link #DEVICES_PER_QUERY} at a time. Every {@code %1$s}
     * in the expression becomes the selector {@code {device_id=~"1|2|3"}} of one chunk.
     *
     * @return every series of every chunk, in VictoriaMetrics' order within a chunk
     */
    public List<Series> rangeForDevices(String expression, Collection<Long> deviceIds, long startSeconds, long endSeconds,
                                        long stepSeconds) {
        List<Long> ids = List.copyOf(deviceIds);
        List<Series> all = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += DEVICES_PER_QUERY) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + DEVICES_PER_QUERY));
            String selector = "{device_id=~\"" + String.join("|", chunk.stream().map(String::valueOf).toList()) + "\"}";
            all.addAll(range(String.format(expression, selector), startSeconds, endSeconds, stepSeconds));
        }
        return all;
    }

    /**
     * Instant queries for many devices, {@link #DEVICES_PER_QUERY} at a time: every {@code %1$s} in the
     * expression becomes the selector of one chunk. {@code time} may carry milliseconds.
     */
    public List<Series> instantForDevices(String expression, Collection<Long> deviceIds, java.time.Instant time) {
        List<Long> ids = List.copyOf(deviceIds);
        List<Series> all = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += DEVICES_PER_QUERY) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + DEVICES_PER_QUERY));
            String selector = "{device_id=~\"" + String.join("|", chunk.stream().map(String::valueOf).toList()) + "\"}";
            all.addAll(instant(String.format(expression, selector), time));
        }
        return all;
    }

    /** One instant query at a moment with millisecond precision (with retries on transient failures). */
    public List<Series> instant(String query, java.time.Instant time) {
        return parseVector(post(queryUri, query, "&time=" + time.getEpochSecond() + "." + String.format("%03d", time.getNano() / 1_000_000)));
    }

    /**
     * One query_range call past VictoriaMetrics' response cache ({@code nocache=1}): for answers about
     * old data that late samples may have changed since it was last asked.
     */
    public List<Series> rangeUncached(String query, long startSeconds, long endSeconds, long stepSeconds) {
        return parseMatrix(post(queryRangeUri, query, "&start=" + startSeconds + "&end=" + endSeconds + "&step=" + stepSeconds + "&nocache=1"));
    }

    /** One query_range call (with retries on transient failures). */
    public List<Series> range(String query, long startSeconds, long endSeconds, long stepSeconds) {
        return parseMatrix(post(queryRangeUri, query, "&start=" + startSeconds + "&end=" + endSeconds + "&step=" + stepSeconds));
    }

    /**
     * One instant query at {@code timeSeconds} (with retries on transient failures); each series of
     * the vector answer has its one value as its only point.
     */
    public List<Series> instant(String query, long timeSeconds) {
        return parseVector(post(queryUri, query, "&time=" + timeSeconds));
    }

    private String post(URI uri, String query, String parameters) {
        byte[] form = ("query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + parameters).getBytes(StandardCharsets.UTF_8);
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            String why;
            try {
                Answer answer = exchange(uri, form);
                if (answer.status() == 200) {
                    return answer.body();
                }
                if (answer.status() < 500 && answer.status() != 408 && answer.status() != 429) {
                    throw new IllegalStateException("VictoriaMetrics refused the query with " + answer.status() + " (a bug in the query): "
                            + abbreviate(answer.body()) + "; query " + query);
                }
                why = "answered " + answer.status() + ": " + abbreviate(answer.body());
            } catch (ConnectTimeout e) {
                why = "connect timeout";
            } catch (SocketTimeoutException e) {
                throw new VictoriaMetricsUnavailableException("no answer within " + requestTimeout, e);
            } catch (IOException e) {
                why = String.valueOf(e);
            }
            if (attempt == MAX_ATTEMPTS) {
                throw new VictoriaMetricsUnavailableException(uri + " " + why, null);
            }
            LOG.fine(() -> uri.getPath() + " attempt failed, retrying: " + query);
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VictoriaMetricsUnavailableException("interrupted", e);
            }
            backoff = backoff.multipliedBy(2);
        }
    }

    private record Answer(int status, String body) {
    }

    /** Thrown when the TCP connection was not made within the connect timeout (retried, unlike a slow answer). */
    private static final class ConnectTimeout extends IOException {
        ConnectTimeout(SocketTimeoutException cause) {
            super(cause);
        }
    }

    /**
     * One POST, sent and read on the calling thread with the JDK's blocking client, whose idle
     * keep-alive connections the JVM keeps for reuse once a body is read to its end: the answer wakes
     * the request thread itself, where {@code java.net.http} read it on its selector thread and
     * completed it on an executor thread. {@code deployment/bench/vm-client} (a day's history query,
     * alternating, p50): this 1.17 ms, {@code java.net.http} 1.64, with a same-thread executor 1.43,
     * and this with a streamed body ({@code setFixedLengthStreamingMode}) 2.42, so the body is
     * buffered (performance.md, 2026-12-06 20:30). The read timeout bounds each wait for bytes, the
     * first of which comes when VictoriaMetrics has computed the whole answer.
     */
    private Answer exchange(URI uri, byte[] form) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        c.setConnectTimeout(millis(connectTimeout));
        c.setReadTimeout(millis(requestTimeout));
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setDoOutput(true);
        c.setRequestMethod("POST");
        c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        try {
            c.connect();
        } catch (SocketTimeoutException e) {
            throw new ConnectTimeout(e);
        }
        try (OutputStream out = c.getOutputStream()) {
            out.write(form);
        }
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    /** The Prometheus JSON vector: {@code data.result[].metric} and {@code .value[seconds, "value"]}. */
    static List<Series> parseVector(String body) {
        return parse(body);
    }

    /** The Prometheus JSON matrix: {@code data.result[].metric} and {@code .values[[seconds, "value"]]}. */
    static List<Series> parseMatrix(String body) {
        return parse(body);
    }

    /**
     * Reads either answer with the streaming parser, straight into series and points: no tree of
     * JSON values and no BigDecimal per sample (a day of one device's three series is ~900 samples,
     * read on every history cache miss). Keys it does not know ({@code stats}, {@code isPartial}) are skipped.
     */
    private static List<Series> parse(String body) {
        try (JsonParser p = PARSERS.createParser(new StringReader(body))) {
            if (p.next() != Event.START_OBJECT) {
                throw new IllegalStateException("VictoriaMetrics answered no JSON object: " + abbreviate(body));
            }
            String status = null;
            List<Series> series = null;
            for (Event e = p.next(); e == Event.KEY_NAME; e = p.next()) {
                String key = p.getString();
                Event value = p.next();
                if (key.equals("status") && value == Event.VALUE_STRING) {
                    status = p.getString();
                } else if (key.equals("data") && value == Event.START_OBJECT) {
                    series = data(p);
                } else {
                    skip(p, value);
                }
            }
            if (!"success".equals(status) || series == null) {
                throw new IllegalStateException("VictoriaMetrics answered without success: " + abbreviate(body));
            }
            return series;
        } catch (JsonException | NoSuchElementException e) {
            throw new IllegalStateException("VictoriaMetrics answered JSON that is not a query result: " + abbreviate(body), e);
        }
    }

    /** {@code data}, after its START_OBJECT: the series of {@code result}. */
    private static List<Series> data(JsonParser p) {
        List<Series> series = new ArrayList<>();
        for (Event e = p.next(); e == Event.KEY_NAME; e = p.next()) {
            String key = p.getString();
            Event value = p.next();
            if (key.equals("result") && value == Event.START_ARRAY) {
                for (Event item = p.next(); item == Event.START_OBJECT; item = p.next()) {
                    series.add(series(p));
                }
            } else {
                skip(p, value);
            }
        }
        return series;
    }

    /** One element of {@code result}, after its START_OBJECT: {@code metric} and {@code values} (matrix) or {@code value} (vector). */
    private static Series series(JsonParser p) {
        Map<String, String> labels = Map.of();
        List<Point> points = new ArrayList<>();
        for (Event e = p.next(); e == Event.KEY_NAME; e = p.next()) {
            String key = p.getString();
            Event value = p.next();
            if (key.equals("metric") && value == Event.START_OBJECT) {
                Map<String, String> read = new HashMap<>();
                for (Event l = p.next(); l == Event.KEY_NAME; l = p.next()) {
                    String name = p.getString();
                    Event v = p.next();
                    if (v == Event.VALUE_STRING) {
                        read.put(name, p.getString());
                    } else {
                        skip(p, v);
                    }
                }
                labels = Map.copyOf(read);
            } else if (key.equals("values") && value == Event.START_ARRAY) {
                for (Event pair = p.next(); pair == Event.START_ARRAY; pair = p.next()) {
                    point(p, points);
                }
            } else if (key.equals("value") && value == Event.START_ARRAY) {
                point(p, points);
            } else {
                skip(p, value);
            }
        }
        return new Series(labels, List.copyOf(points));
    }

    /** {@code [seconds, "value"]}, after its START_ARRAY, up to and with its END_ARRAY. */
    private static void point(JsonParser p, List<Point> points) {
        if (p.next() != Event.VALUE_NUMBER) {
            throw new JsonException("a sample's time is not a number");
        }
        long millis = p.isIntegralNumber() ? p.getLong() * 1000 : Math.round(p.getBigDecimal().doubleValue() * 1000);
        if (p.next() != Event.VALUE_STRING) {
            throw new JsonException("a sample's value is not a string");
        }
        String text = p.getString();
        if (p.next() != Event.END_ARRAY) {
            throw new JsonException("a sample has more than a time and a value");
        }
        // NaN and ±Inf are VictoriaMetrics' "no data" and division artefacts, not measurements
        // (Prometheus writes infinity as "+Inf", which Double.parseDouble does not read).
        double value = text.endsWith("Inf") ? Double.NaN : Double.parseDouble(text);
        if (Double.isFinite(value)) {
            points.add(new Point(millis, value));
        }
    }

    private static void skip(JsonParser p, Event value) {
        if (value == Event.START_OBJECT) {
            p.skipObject();
        } else if (value == Event.START_ARRAY) {
            p.skipArray();
        }
    }

    private static String abbreviate(String text) {
        String t = text == null ? "" : text.strip();
        return t.length() > 500 ? t.substring(0, 500) + "..." : t;
    }
}
