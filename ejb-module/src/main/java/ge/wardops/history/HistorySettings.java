package ge.wardops.history;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * The one home of the history caches' settings ({@code wardops.history.cache.*},
 * {@code wardops.availability.cache.*}, {@code wardops.traffic.cache.*}); each default's reason is in
 * docs/configuration.md. How VictoriaMetrics is reached is the metrics capability's
 * ({@link ge.wardops.metrics.MetricsSettings}).
 */
@ApplicationScoped
public class HistorySettings {

    /** Ranges up to 2 days ending now: new samples come every round, a chart 30 s old is fresh enough. */
    @Inject
    @ConfigProperty(name = "wardops.history.cache.ttl-24h-seconds", defaultValue = "30")
    long ttlDay;

    /** Ranges up to 8 days ending now (15 min steps: two minutes change little). */
    @Inject
    @ConfigProperty(name = "wardops.history.cache.ttl-7d-seconds", defaultValue = "120")
    long ttlWeek;

    /** Longer ranges ending now (hour steps). */
    @Inject
    @ConfigProperty(name = "wardops.history.cache.ttl-30d-seconds", defaultValue = "600")
    long ttlMonth;

    /** Ranges that ended more than a step ago no longer change; history and interface traffic both. */
    @Inject
    @ConfigProperty(name = "wardops.history.cache.ttl-past-seconds", defaultValue = "3600")
    long ttlPast;

    /** Answers kept per node (a 30-day answer is ~720 points x 3 series), the least recently used evicted first. */
    @Inject
    @ConfigProperty(name = "wardops.history.cache.max-entries", defaultValue = "10000")
    long historyMaxEntries;

    /** A percentage over a day or more hardly moves in a minute: one query per window per minute per node. */
    @Inject
    @ConfigProperty(name = "wardops.availability.cache.ttl-seconds", defaultValue = "60")
    long availabilityTtl;

    /** SNMP rates arrive once a minute, so a shorter life would only repeat the same query. */
    @Inject
    @ConfigProperty(name = "wardops.traffic.cache.ttl-seconds", defaultValue = "60")
    long trafficTtl;

    /** Interface-traffic results kept (one per device and range), bounded so the heap never grows without limit. */
    @Inject
    @ConfigProperty(name = "wardops.traffic.cache.max-entries", defaultValue = "2000")
    long trafficMaxEntries;

    /**
     * Histories with a step of whole hours (30 days) read the hourly rollups the reports keep where
     * they are in, raw samples elsewhere; off: always the raw samples (as before 2026-12-06).
     */
    @Inject
    @ConfigProperty(name = "wardops.history.from-rollups", defaultValue = "true")
    boolean fromRollups;

    /** Which hours are rolled up is asked of VictoriaMetrics at most this often per node, not per history read. */
    @Inject
    @ConfigProperty(name = "wardops.history.rolled-hours-max-age-seconds", defaultValue = "60")
    long rolledHoursMaxAge;

    public boolean fromRollups() {
        return fromRollups;
    }

    public Duration rolledHoursMaxAge() {
        return Duration.ofSeconds(rolledHoursMaxAge);
    }

    /** How long a history for a range ending now stays cached, by the range's length. */
    public Duration historyTtl(Duration span) {
        return Duration.ofSeconds(span.compareTo(Duration.ofDays(2)) <= 0 ? ttlDay
                : span.compareTo(Duration.ofDays(8)) <= 0 ? ttlWeek : ttlMonth);
    }

    /** How long an answer for a range that ended more than a step ago stays cached. */
    public Duration pastTtl() {
        return Duration.ofSeconds(ttlPast);
    }

    public long historyMaxEntries() {
        return historyMaxEntries;
    }

    public Duration availabilityTtl() {
        return Duration.ofSeconds(availabilityTtl);
    }

    public Duration trafficTtl() {
        return Duration.ofSeconds(trafficTtl);
    }

    public long trafficMaxEntries() {
        return trafficMaxEntries;
    }
}
