package ge.wardops.console;

import ge.wardops.report.AvailabilityRow;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;

import java.util.List;

/**
 * The Chart.js configuration (as PrimeFaces' {@code p:chart} takes it) of a report's on-screen bar
 * chart: one bar per row shown (regions, a region's branches or a branch's devices) with its
 * SLA-adjusted availability, red when it breaches its SLO target, and the targets as a line. The
 * axis starts a point below the lowest bar, so 99.2 % and 99.9 % do not look alike; a row with
 * nothing known (no samples) has no bar, never a fake 0.
 */
final class AvailabilityBarChart {

    private static final String OK = "#2e7d5b";
    private static final String BREACH = "#c0392b";
    private static final String TARGET = "#a05a00";

    private AvailabilityBarChart() {
    }

    static String of(String title, List<AvailabilityRow> rows) {
        JsonArrayBuilder labels = Json.createArrayBuilder();
        JsonArrayBuilder values = Json.createArrayBuilder();
        JsonArrayBuilder colours = Json.createArrayBuilder();
        JsonArrayBuilder targets = Json.createArrayBuilder();
        double lowest = 100;
        for (AvailabilityRow r : rows) {
            labels.add(r.name() == null ? "" : r.name());
            if (r.slaPercent() == null) {
                values.addNull();
            } else {
                values.add(Math.round(r.slaPercent() * 1000) / 1000.0);
                lowest = Math.min(lowest, r.slaPercent());
            }
            colours.add(r.breach() ? BREACH : OK);
            targets.add(r.targetPercent());
            lowest = Math.min(lowest, r.targetPercent());
        }
        double min = Math.max(0, Math.floor(lowest) - 1);
        return Json.createObjectBuilder()
                .add("type", "bar")
                .add("data", Json.createObjectBuilder()
                        .add("labels", labels)
                        .add("datasets", Json.createArrayBuilder()
                                .add(Json.createObjectBuilder().add("type", "line").add("label", "SLO target %").add("data", targets)
                                        .add("borderColor", TARGET).add("backgroundColor", TARGET).add("borderWidth", 1.5)
                                        .add("borderDash", Json.createArrayBuilder().add(6).add(4)).add("pointRadius", 3))
                                .add(Json.createObjectBuilder().add("label", "SLA availability %").add("data", values)
                                        .add("backgroundColor", colours))))
                .add("options", Json.createObjectBuilder()
                        .add("animation", false)
                        .add("responsive", true)
                        .add("maintainAspectRatio", false)
                        .add("plugins", Json.createObjectBuilder()
                                .add("legend", Json.createObjectBuilder().add("display", true))
                                .add("title", Json.createObjectBuilder().add("display", true).add("text", title)))
                        .add("scales", Json.createObjectBuilder()
                                .add("x", Json.createObjectBuilder().add("ticks", Json.createObjectBuilder().add("autoSkip", false)
                                        .add("maxRotation", 45)))
                                .add("y", Json.createObjectBuilder().add("min", min).add("max", 100))))
                .build().toString();
    }
}
