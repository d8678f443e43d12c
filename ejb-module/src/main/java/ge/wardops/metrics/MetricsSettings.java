package ge.wardops.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The one home of the VictoriaMetrics settings ({@code wardops.vm.*}, and the read timeouts that
 * keep their historical names {@code wardops.history.vm-*}). Where a key tunes
 * {@link VictoriaMetricsSettings}, its default is that record's {@link VictoriaMetricsSettings#defaults()}
 * (the reason is written there), so the default has one source. Also makes the one
 * {@link VictoriaMetricsReader} of this server, which history, availability and alerting share.
 */
@ApplicationScoped
public class MetricsSettings {

    /** Default: {@link VictoriaMetricsSettings#defaults()}, single-node VictoriaMetrics beside the server. */
    @Inject
    @ConfigProperty(name = "wardops.vm.url")
    Optional<String> url;

    /**
     * Where samples are written: a prefix before {@code /api/v1/import/prometheus}, e.g. a cluster's
     * {@code http://vminsert:8480/insert/0/prometheus} or vmauth. Default: {@code wardops.vm.url}.
     */
    @Inject
    @ConfigProperty(name = "wardops.vm.insert-url")
    Optional<String> insertUrl;

    /**
     * Where series are read: a prefix before {@code /api/v1/query_range}, e.g. a cluster's
     * {@code http://vmselect:8481/select/0/prometheus} or vmauth. Default: {@code wardops.vm.url}.
     */
    @Inject
    @ConfigProperty(name = "wardops.vm.select-url")
    Optional<String> selectUrl;

    /** Default: beside the domain's other state, so it survives a restart (replayed then). */
    @Inject
    @ConfigProperty(name = "wardops.vm.spool-dir")
    Optional<String> spoolDir;

    /** The spool's bound; past it the oldest samples are dropped and counted ({@code wardops_vm_samples_dropped_total}). */
    @Inject
    @ConfigProperty(name = "wardops.vm.spool-max-mb", defaultValue = "512")
    long spoolMaxMb;

    /** How often the spool is offered to VictoriaMetrics again. */
    @Inject
    @ConfigProperty(name = "wardops.vm.replay-seconds", defaultValue = "10")
    long replaySeconds;

    /** Reads' connect timeout. Default: {@link VictoriaMetricsSettings#connectTimeout()} of the defaults. */
    @Inject
    @ConfigProperty(name = "wardops.history.vm-connect-timeout-ms")
    Optional<Long> readConnectTimeoutMs;

    /** Reads' whole-request timeout. Default: {@link VictoriaMetricsSettings#requestTimeout()} of the defaults. */
    @Inject
    @ConfigProperty(name = "wardops.history.vm-request-timeout-ms")
    Optional<Long> readRequestTimeoutMs;

    /** How samples are written: the defaults with this server's VictoriaMetrics insert URL. */
    public VictoriaMetricsSettings writer() {
        return VictoriaMetricsSettings.defaults().withBaseUri(insertUrl());
    }

    /** {@code wardops.vm.url}: the single-node VictoriaMetrics, and the default of both prefixes below. */
    public URI url() {
        return url.map(URI::create).orElseGet(() -> VictoriaMetricsSettings.defaults().baseUri());
    }

    /** The prefix samples are written under (the spool's replay too). */
    public URI insertUrl() {
        return insertUrl.map(URI::create).orElseGet(this::url);
    }

    /** The prefix series are read under. */
    public URI selectUrl() {
        return selectUrl.map(URI::create).orElseGet(this::url);
    }

    public Path spoolDir() {
        return Path.of(spoolDir.orElseGet(MetricsSettings::defaultSpoolDir));
    }

    public long spoolMaxBytes() {
        return spoolMaxMb * 1024 * 1024;
    }

    public Duration replayInterval() {
        return Duration.ofSeconds(replaySeconds);
    }

    /** The one reader of this server: every capability that reads VictoriaMetrics shares its client and timeouts. */
    @Produces
    @Singleton
    VictoriaMetricsReader reader() {
        VictoriaMetricsSettings d = VictoriaMetricsSettings.defaults();
        return new VictoriaMetricsReader(selectUrl(), readConnectTimeoutMs.map(Duration::ofMillis).orElse(d.connectTimeout()),
                readRequestTimeoutMs.map(Duration::ofMillis).orElse(d.requestTimeout()));
    }

    private static String defaultSpoolDir() {
        String instance = System.getProperty("com.sun.aas.instanceRoot");
        return instance != null ? Path.of(instance, "wardops-spool").toString()
                : Path.of(System.getProperty("java.io.tmpdir"), "wardops-spool").toString();
    }
}
