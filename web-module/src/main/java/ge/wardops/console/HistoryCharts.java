package ge.wardops.console;

import ge.wardops.history.HistoryRange;
import ge.wardops.history.InterfaceTraffic;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chart.js configurations (as PrimeFaces' {@code p:chart} takes them) for a device's series over one
 * range. The x axis is one label per step, written in the bank's time zone here on the server, so the
 * browser's own zone never shows; a step without a sample is a gap (null), never a fake 0.
 */
final class HistoryCharts {

    private final HistoryRange range;
    private final List<String> labels;
    private final int steps;

    HistoryCharts(ConsoleTime time, HistoryRange range) {
        this.range = range;
        long step = range.stepSeconds();
        this.steps = (int) Math.max(1, (range.to().getEpochSecond() - range.from().getEpochSecond()) / step + 1);
        String pattern = range.span().compareTo(Duration.ofHours(36)) <= 0 ? "HH:mm" : "MM-dd HH:mm";
        this.labels = java.util.stream.IntStream.range(0, steps)
                .mapToObj(i -> time.format(range.from().plusSeconds(i * step), pattern)).toList();
    }

    /** One series as a line chart; {@code max} fixes the top of the y axis (percentages), null lets it follow the data. */
    String line(String label, List<List<Number>> points, String colour, Double max) {
        return config(List.of(dataset(label, points, colour, 1)), max, label);
    }

    /** An interface's in and out traffic, scaled to the unit (bit/s, kbit/s, ...) its peak reads best in. */
    String traffic(InterfaceTraffic.Interface i) {
        double peak = 0;
        for (List<List<Number>> s : List.of(i.inBps(), i.outBps())) {
            for (List<Number> p : s) {
                peak = Math.max(peak, p.get(1).doubleValue());
            }
        }
        String[] units = {"bit/s", "kbit/s", "Mbit/s", "Gbit/s"};
        int u = 0;
        double divisor = 1;
        while (u < units.length - 1 && peak / divisor >= 1000) {
            divisor *= 1000;
            u++;
        }
        return config(List.of(dataset("in (" + units[u] + ")", i.inBps(), "#0b4f6c", divisor),
                dataset("out (" + units[u] + ")", i.outBps(), "#a05a00", divisor)), null, units[u]);
    }

    private JsonObject dataset(String label, List<List<Number>> points, String colour, double divisor) {
        Map<Integer, Double> at = new HashMap<>();
        long from = range.from().toEpochMilli();
        long stepMillis = range.stepSeconds() * 1000;
        for (List<Number> p : points) {
            long index = Math.round((p.get(0).longValue() - from) / (double) stepMillis);
            if (index >= 0 && index < steps) {
                at.put((int) index, p.get(1).doubleValue() / divisor);
            }
        }
        JsonArrayBuilder data = Json.createArrayBuilder();
        // A line needs two neighbouring points; while a series is sparse (a new device), show each point as a dot.
        double pointRadius = at.size() * 4 < steps ? 2.5 : 0;
        for (int i = 0; i < steps; i++) {
            Double v = at.get(i);
            if (v == null) {
                data.addNull();
            } else {
                data.add(Math.round(v * 1000) / 1000.0);
            }
        }
        return Json.createObjectBuilder()
                .add("label", label)
                .add("data", data)
                .add("borderColor", colour)
                .add("backgroundColor", colour)
                .add("borderWidth", 1.5)
                .add("pointRadius", pointRadius)
                .add("spanGaps", false)
                .build();
    }

    private String config(List<JsonObject> datasets, Double max, String title) {
        JsonArrayBuilder sets = Json.createArrayBuilder();
        datasets.forEach(sets::add);
        JsonObjectBuilder y = Json.createObjectBuilder().add("beginAtZero", true);
        if (max != null) {
            y.add("max", max);
        }
        return Json.createObjectBuilder()
                .add("type", "line")
                .add("data", Json.createObjectBuilder()
                        .add("labels", Json.createArrayBuilder(labels))
                        .add("datasets", sets))
                .add("options", Json.createObjectBuilder()
                        .add("animation", false)
                        .add("responsive", true)
                        .add("maintainAspectRatio", false)
                        .add("interaction", Json.createObjectBuilder().add("mode", "index").add("intersect", false))
                        .add("plugins", Json.createObjectBuilder()
                                .add("legend", Json.createObjectBuilder().add("display", datasets.size() > 1))
                                .add("title", Json.createObjectBuilder().add("display", true).add("text", title)))
                        .add("scales", Json.createObjectBuilder()
                                .add("x", Json.createObjectBuilder().add("ticks", Json.createObjectBuilder()
                                        .add("maxTicksLimit", 8).add("autoSkip", true).add("maxRotation", 0)))
                                .add("y", y)))
                .build().toString();
    }
}
