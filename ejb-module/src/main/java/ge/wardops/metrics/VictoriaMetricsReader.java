package ge.wardops.metrics;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Reads series back from VictoriaMetrics with {@code /api/v1/query_range} over one shared keep-alive
 * client. The query goes as a POST form, so a selector naming hundreds of devices never meets a URL
 * length limit. Unreachable, 5xx, 408 and 429 are retried with backoff; a request that timed out is
 * not (a slow query retried only loads VictoriaMetrics more); a 4xx is a bug in the query. Thread-safe.
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

    private final URI queryRangeUri;
    private final URI queryUri;
    private final Duration requestTimeout;
    private final HttpClient http;

    public VictoriaMetricsReader(URI baseUri, Duration connectTimeout, Duration requestTimeout) {
        this.queryRangeUri = baseUri.resolve("/api/v1/query_range");
        this.queryUri = baseUri.resolve("/api/v1/query");
        this.requestTimeout = requestTimeout;
        // HTTP/1.1: VictoriaMetrics speaks plain HTTP, and an h2c upgrade attempt would only cost a round trip.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
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
        String form = "query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + parameters;
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            String why;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200) {
                    return response.body();
                }
                if (status < 500 && status != 408 && status != 429) {
                    throw new IllegalStateException("VictoriaMetrics refused the query with " + status + " (a bug in the query): "
                            + abbreviate(response.body()) + "; query " + query);
                }
                why = "answered " + status + ": " + abbreviate(response.body());
            } catch (HttpTimeoutException e) {
                if (e instanceof java.net.http.HttpConnectTimeoutException) {
                    why = "connect timeout";
                } else {
                    throw new VictoriaMetricsUnavailableException("no answer within " + requestTimeout, e);
                }
            } catch (IOException e) {
                why = String.valueOf(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VictoriaMetricsUnavailableException("interrupted", e);
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

    /** The Prometheus JSON vector: {@code data.result[].metric} and {@code .value[seconds, "value"]}. */
    static List<Series> parseVector(String body) {
        List<Series> series = new ArrayList<>();
        for (JsonValue item : result(body)) {
            JsonObject o = item.asJsonObject();
            List<Point> points = new ArrayList<>(1);
            point(o.getJsonArray("value"), points);
            series.add(new Series(labels(o), List.copyOf(points)));
        }
        return series;
    }

    /** The Prometheus JSON matrix: {@code data.result[].metric} and {@code .values[[seconds, "value"]]}. */
    static List<Series> parseMatrix(String body) {
        List<Series> series = new ArrayList<>();
        for (JsonValue item : result(body)) {
            JsonObject o = item.asJsonObject();
            List<Point> points = new ArrayList<>();
            for (JsonValue p : o.getJsonArray("values")) {
                point(p.asJsonArray(), points);
            }
            series.add(new Series(labels(o), List.copyOf(points)));
        }
        return series;
    }

    private static JsonArray result(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            JsonObject answer = reader.readObject();
            if (!"success".equals(answer.getString("status", null))) {
                throw new IllegalStateException("VictoriaMetrics answered without success: " + abbreviate(body));
            }
            return answer.getJsonObject("data").getJsonArray("result");
        }
    }

    private static Map<String, String> labels(JsonObject series) {
        Map<String, String> labels = new HashMap<>();
        series.getJsonObject("metric").forEach((k, v) -> labels.put(k, ((JsonString) v).getString()));
        return Map.copyOf(labels);
    }

    private static void point(JsonArray pair, List<Point> points) {
        double value = Double.parseDouble(pair.getString(1));
        // NaN and Inf are VictoriaMetrics' "no data" and division artefacts, not measurements.
        if (Double.isFinite(value)) {
            points.add(new Point(Math.round(pair.getJsonNumber(0).doubleValue() * 1000), value));
        }
    }

    private static String abbreviate(String text) {
        String t = text == null ? "" : text.strip();
        return t.length() > 500 ? t.substring(0, 500) + "..." : t;
    }
}
