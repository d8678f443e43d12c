package ge.wardops.history;

import ge.wardops.cache.LocalCaches;
import ge.wardops.metrics.VictoriaMetricsReader;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.infinispan.configuration.cache.ConfigurationBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A device's SNMP interface traffic (bits per second in and out, per interface) from the rates the
 * SNMP collector writes ({@code wardops_snmp_ifHCInOctets_per_second}, {@code ..._ifHCOutOctets_per_second},
 * docs/metrics.md), behind a cache like {@link HistoryService}'s. Region scope is the caller's job.
 */
@ApplicationScoped
public class InterfaceTraffic {

    /** One interface's series; each point is {@code [epochMillis, bitsPerSecond]}, gaps left out. */
    public record Interface(String index, String name, List<List<Number>> inBps, List<List<Number>> outBps) {
    }

    /** The device's interfaces over one range, the busiest first. */
    public record DeviceTraffic(long deviceId, Instant from, Instant to, long stepSeconds, List<Interface> interfaces) {
    }

    record Key(long deviceId, long fromSeconds, long toSeconds, long stepSeconds) {
    }

    /** Octets to bits; {@code ifname} may be absent (agent without ifName), so the index alone identifies an interface. */
    static final String EXPRESSION = "label_set(avg by (device_id, index, ifname) (avg_over_time(wardops_snmp_ifHCInOctets_per_second%1$s[%2$ds])) * 8, \"direction\", \"in\")"
            + " or label_set(avg by (device_id, index, ifname) (avg_over_time(wardops_snmp_ifHCOutOctets_per_second%1$s[%2$ds])) * 8, \"direction\", \"out\")";

    @Inject
    HistorySource source;

    @Inject
    HistorySettings settings;

    @EJB
    LocalCaches caches;

    @Inject
    MetricRegistry metrics;

    private SingleFlight<Key, DeviceTraffic> flights;

    @PostConstruct
    void start() {
        flights = new SingleFlight<>(caches.cache("interface-traffic", new ConfigurationBuilder()
                        .memory().maxCount(settings.trafficMaxEntries())
                        .expiration().lifespan(Math.max(settings.trafficTtl().toSeconds(), settings.pastTtl().toSeconds()), TimeUnit.SECONDS).wakeUpInterval(30, TimeUnit.SECONDS)
                        .build()),
                metrics.counter("wardops_traffic_cache_hits"), metrics.counter("wardops_traffic_cache_misses"));
    }

    /** @throws HistoryUnavailableException when VictoriaMetrics does not answer or the breaker is open */
    public DeviceTraffic of(long deviceId, HistoryRange range) {
        Key key = new Key(deviceId, range.from().getEpochSecond(), range.to().getEpochSecond(), range.stepSeconds());
        boolean settled = range.to().isBefore(Instant.now().minusSeconds(range.stepSeconds()));
        return flights.get(key, k -> read(deviceId, range), k -> (settled ? settings.pastTtl() : settings.trafficTtl()).toSeconds());
    }

    private DeviceTraffic read(long deviceId, HistoryRange range) {
        Map<String, Interface> byIndex = new LinkedHashMap<>();
        for (VictoriaMetricsReader.Series s : source.series(EXPRESSION, List.of(deviceId), range)) {
            String index = s.labels().getOrDefault("index", "");
            String name = s.labels().get("ifname");
            List<List<Number>> points = s.points().stream().map(p -> List.<Number>of(p.epochMillis(), p.value())).toList();
            Interface before = byIndex.getOrDefault(index, new Interface(index, null, List.of(), List.of()));
            String keptName = name != null && !name.isBlank() ? name : before.name();
            // An interface renamed within the range has two series per direction: keep the fuller one.
            byIndex.put(index, "in".equals(s.labels().get("direction"))
                    ? new Interface(index, keptName, fuller(before.inBps(), points), before.outBps())
                    : new Interface(index, keptName, before.inBps(), fuller(before.outBps(), points)));
        }
        List<Interface> interfaces = new ArrayList<>(byIndex.values());
        interfaces.sort(Comparator.comparingDouble(InterfaceTraffic::peak).reversed().thenComparing(Interface::index));
        return new DeviceTraffic(deviceId, range.from(), range.to(), range.stepSeconds(), List.copyOf(interfaces));
    }

    private static List<List<Number>> fuller(List<List<Number>> a, List<List<Number>> b) {
        return b.size() > a.size() ? b : a;
    }

    private static double peak(Interface i) {
        double max = 0;
        for (List<List<Number>> series : List.of(i.inBps(), i.outBps())) {
            for (List<Number> p : series) {
                max = Math.max(max, p.get(1).doubleValue());
            }
        }
        return max;
    }
}
