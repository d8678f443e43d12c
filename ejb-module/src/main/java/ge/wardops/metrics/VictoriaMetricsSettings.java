package ge.wardops.metrics;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how samples are written. Defaults (see {@link #defaults()}) and why:
 * <ul>
 * <li>{@code baseUri} http://127.0.0.1:8428: single-node VictoriaMetrics on its default port beside the server.
 *     A prefix: {@code importPath} goes after its path, so {@code http://vminsert:8480/insert/0/prometheus}
 *     (a cluster's vminsert) or a vmauth path works as well.</li>
 * <li>{@code importPath} /api/v1/import/prometheus: takes text lines with our own millisecond
 *     timestamps; a VictoriaMetrics cluster's vminsert takes the same body at
 *     /insert/0/prometheus/api/v1/import/prometheus.</li>
 * <li>{@code connectTimeout} 2 s: a connect on the LAN takes milliseconds; a VictoriaMetrics that does not
 *     accept in 2 s is down and the batch is better spooled than waited for.</li>
 * <li>{@code requestTimeout} 10 s: a 5,000-sample import takes milliseconds; 10 s still covers a busy merge.</li>
 * <li>{@code maxAttempts} 3: rides out a restart blip or one dropped keep-alive connection; a longer outage
 *     goes to the spool instead of holding up the probe cycle.</li>
 * <li>{@code initialBackoff} 200 ms, doubled per attempt up to {@code maxBackoff} 2 s: gives a restarting
 *     VictoriaMetrics a moment without stalling the caller for long.</li>
 * <li>{@code samplesPerRequest} 5,000: the thousands per request VictoriaMetrics ingests best; 45-70 KiB gzipped (measured).</li>
 * <li>{@code replayBudget} 20 s: one replay call returns within about this much time, so a timer tick stays
 *     short; the next tick continues where it stopped.</li>
 * </ul>
 */
public record VictoriaMetricsSettings(URI baseUri, String importPath, Duration connectTimeout, Duration requestTimeout,
                                      int maxAttempts, Duration initialBackoff, Duration maxBackoff, int samplesPerRequest,
                                      Duration replayBudget) {

    public VictoriaMetricsSettings {
        Objects.requireNonNull(baseUri, "baseUri");
        Objects.requireNonNull(importPath, "importPath");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(replayBudget, "replayBudget");
        if (!importPath.startsWith("/")) {
            throw new IllegalArgumentException("importPath must start with /, was " + importPath);
        }
        if (maxAttempts < 1 || samplesPerRequest < 1) {
            throw new IllegalArgumentException("maxAttempts and samplesPerRequest must be at least 1");
        }
    }

    public static VictoriaMetricsSettings defaults() {
        return new VictoriaMetricsSettings(URI.create("http://127.0.0.1:8428"), "/api/v1/import/prometheus",
                Duration.ofSeconds(2), Duration.ofSeconds(10), 3, Duration.ofMillis(200), Duration.ofSeconds(2), 5_000,
                Duration.ofSeconds(20));
    }

    public VictoriaMetricsSettings withBaseUri(URI uri) {
        return new VictoriaMetricsSettings(uri, importPath, connectTimeout, requestTimeout, maxAttempts, initialBackoff,
                maxBackoff, samplesPerRequest, replayBudget);
    }

    public VictoriaMetricsSettings withImportPath(String path) {
        return new VictoriaMetricsSettings(baseUri, path, connectTimeout, requestTimeout, maxAttempts, initialBackoff,
                maxBackoff, samplesPerRequest, replayBudget);
    }

    public VictoriaMetricsSettings withSamplesPerRequest(int samples) {
        return new VictoriaMetricsSettings(baseUri, importPath, connectTimeout, requestTimeout, maxAttempts, initialBackoff,
                maxBackoff, samples, replayBudget);
    }

    URI importUri() {
        return under(baseUri, importPath);
    }

    /**
     * {@code path} after the path of {@code prefix}: {@code http://h:8481/select/0/prometheus} and
     * {@code /api/v1/query} give {@code http://h:8481/select/0/prometheus/api/v1/query} ({@link URI#resolve}
     * would drop the prefix's path).
     */
    static URI under(URI prefix, String path) {
        String base = prefix.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + path);
    }
}
