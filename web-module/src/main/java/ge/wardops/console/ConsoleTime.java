package ge.wardops.console;

import ge.wardops.shared.SiteSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;

/**
 * The bank's time zone for every time the console shows; storage and the API stay in UTC.
 * Pages format with {@code <f:convertDateTime timeZone="#{consoleTime.zone}" .../>}; the Faces 4.0
 * converter knows {@link Date} but not {@link Instant}, hence {@link #date(Instant)}.
 */
@Named
@ApplicationScoped
public class ConsoleTime {

    /** The display pattern of a point in time everywhere in the console. */
    public static final String PATTERN = "yyyy-MM-dd HH:mm:ss";

    @Inject
    SiteSettings site;

    String zone;

    @PostConstruct
    void start() {
        zone = site.zone().getId();
    }

    public String getZone() {
        return zone;
    }

    public String getPattern() {
        return PATTERN;
    }

    public Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    public ZoneId zoneId() {
        return ZoneId.of(zone);
    }

    /** {@code instant} in the bank's zone with {@link #PATTERN}; empty for null. For pages and beans alike. */
    public String format(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ofPattern(PATTERN).withZone(zoneId()).format(instant);
    }

    /** {@code instant} in the bank's zone with {@code pattern} (a chart's axis labels). */
    public String format(Instant instant, String pattern) {
        return instant == null ? "" : DateTimeFormatter.ofPattern(pattern).withZone(zoneId()).format(instant);
    }
}
