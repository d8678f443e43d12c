package ge.wardops.metrics;

import ge.wardops.report.ReportBenchmark;
import ge.wardops.testsupport.VictoriaMetricsProcess;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP client benchmark (deployment/bench/vm-client): what asking VictoriaMetrics for one device's
 * 24 h history costs the calling thread with {@link VictoriaMetricsReader} (the JDK's blocking
 * {@code HttpURLConnection}, body buffered) and with the alternatives it replaced or was compared with:
 * {@code java.net.http} with its default executor, the same with a same-thread executor, and
 * {@code HttpURLConnection} with a streamed body. A fresh VictoriaMetrics of its own on loopback gets a
 * day of 10 s rounds for {@code devices} devices ({@link ReportBenchmark#backfill}); then {@code rounds}
 * rounds, each asking every client once for the next device, in an order that rotates each round, one
 * request at a time (a lone request, as a cache miss is). The first third of the rounds are warm-up.
 * Not a test: a main class printing one JSON line.
 *
 * <p>Arguments: WORK_DIR DEVICES ROUNDS
 */
public final class VictoriaMetricsClientBenchmark {

    private static final String[] NAMES = {"reader (HttpURLConnection, buffered body)", "java.net.http, default executor",
            "java.net.http, same-thread executor", "HttpURLConnection, streamed body"};

    private VictoriaMetricsClientBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int devices = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        try (VictoriaMetricsProcess vm = VictoriaMetricsProcess.startIn(work)) {
            long end = System.currentTimeMillis() / 1000 / 300 * 300;
            // The report benchmark's day of 10 s rounds (each device down a few minutes of it) for devices 1..DEVICES.
            ReportBenchmark.backfill(vm.baseUri(), ReportBenchmark.fleet(devices), Instant.ofEpochSecond(end - 86400), 1);
            vm.forceFlush();
            VictoriaMetricsReader reader = new VictoriaMetricsReader(vm.baseUri(), Duration.ofSeconds(2), Duration.ofSeconds(30));
            HttpClient pooled = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpClient sameThread = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Runnable::run).build();
            URI queryRange = VictoriaMetricsSettings.under(vm.baseUri(), "/api/v1/query_range");
            String history = PingQueries.HISTORY.replace("%2$d", "300");
            List<List<Double>> ms = new ArrayList<>();
            for (int c = 0; c < NAMES.length; c++) {
                ms.add(new ArrayList<>());
            }
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < NAMES.length; k++) {
                    int c = (k + r) % NAMES.length;
                    String query = String.format(history, "{device_id=\"" + (1 + (r * NAMES.length + k) % devices) + "\"}");
                    byte[] form = ("query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&start=" + (end - 86400) + "&end=" + end
                            + "&step=300").getBytes(StandardCharsets.UTF_8);
                    long t0 = System.nanoTime();
                    int series = switch (c) {
                        case 0 -> reader.range(query, end - 86400, end, 300).size();
                        case 1 -> VictoriaMetricsReader.parseMatrix(send(pooled, queryRange, form)).size();
                        case 2 -> VictoriaMetricsReader.parseMatrix(send(sameThread, queryRange, form)).size();
                        default -> VictoriaMetricsReader.parseMatrix(streamed(queryRange, form)).size();
                    };
                    double took = (System.nanoTime() - t0) / 1e6;
                    if (series != 3) {
                        throw new IllegalStateException(NAMES[c] + ": " + series + " series, expected rtt, loss and availability");
                    }
                    if (r >= rounds / 3) {
                        ms.get(c).add(took);
                    }
                }
            }
            StringBuilder json = new StringBuilder("{\"devices\":" + devices + ",\"measured_rounds\":" + (rounds - rounds / 3));
            for (int c = 0; c < NAMES.length; c++) {
                double[] v = ms.get(c).stream().mapToDouble(Double::doubleValue).sorted().toArray();
                json.append(String.format(Locale.ROOT, ",\"%s\":{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f}", NAMES[c],
                        v[v.length / 2], v[v.length * 9 / 10], v[v.length * 99 / 100]));
            }
            System.out.println(json.append('}'));
        }
    }

    private static String send(HttpClient client, URI uri, byte[] form) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(form)).build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private static String streamed(URI uri, byte[] form) throws Exception {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        c.setDoOutput(true);
        c.setRequestMethod("POST");
        c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        c.setFixedLengthStreamingMode(form.length);
        try (OutputStream out = c.getOutputStream()) {
            out.write(form);
        }
        c.getResponseCode();
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
