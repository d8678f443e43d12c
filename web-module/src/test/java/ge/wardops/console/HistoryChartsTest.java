package ge.wardops.console;

import ge.wardops.history.HistoryRange;
import ge.wardops.history.InterfaceTraffic;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HistoryChartsTest {

    private static final Instant NOW = Instant.parse("2026-11-29T00:12:00Z");

    private static ConsoleTime tbilisi() {
        ConsoleTime time = new ConsoleTime();
        time.zone = "Asia/Tbilisi";
        return time;
    }

    private static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    @Test
    void theAxisIsOneLabelPerStepInTheBanksTimeZone() {
        HistoryRange day = HistoryRange.of("24h", null, null, null, NOW);
        JsonArray labels = parse(new HistoryCharts(tbilisi(), day).line("RTT (ms)", List.of(), "#000", null))
                .getJsonObject("data").getJsonArray("labels");
        // The range is aligned to its step: 00:10 UTC yesterday to 00:15 UTC today, both ends labelled.
        assertEquals(24 * 12 + 1 + 1, labels.size(), "5-minute steps over 24 hours and the newest, unfinished step");
        assertEquals("04:10", labels.getString(0), "00:10 UTC is 04:10 in Tbilisi (UTC+4)");
        assertEquals("04:15", labels.getString(labels.size() - 1));
    }

    @Test
    void aStepWithoutASampleIsAGapNotAZero() {
        HistoryRange day = HistoryRange.of("24h", null, null, null, NOW);
        long last = day.to().toEpochMilli();
        JsonArray data = parse(new HistoryCharts(tbilisi(), day).line("Loss (%)", List.of(List.of(last, 12.5)), "#000", 100.0))
                .getJsonObject("data").getJsonArray("datasets").getJsonObject(0).getJsonArray("data");
        assertEquals(12.5, data.getJsonNumber(data.size() - 1).doubleValue());
        assertEquals(JsonValue.NULL, data.get(0));
        assertEquals(data.size() - 1, data.stream().filter(v -> v == JsonValue.NULL).count());
    }

    @Test
    void trafficIsScaledToTheUnitItsPeakReadsBestIn() {
        HistoryRange day = HistoryRange.of("24h", null, null, null, NOW);
        long last = day.to().toEpochMilli();
        InterfaceTraffic.Interface gi = new InterfaceTraffic.Interface("1", "Gi0/1",
                List.of(List.of(last, 2_500_000.0)), List.of(List.of(last, 500_000.0)));
        JsonObject chart = parse(new HistoryCharts(tbilisi(), day).traffic(gi));
        JsonArray sets = chart.getJsonObject("data").getJsonArray("datasets");
        assertEquals("in (Mbit/s)", sets.getJsonObject(0).getString("label"));
        JsonArray in = sets.getJsonObject(0).getJsonArray("data");
        assertEquals(2.5, in.getJsonNumber(in.size() - 1).doubleValue());
        JsonArray out = sets.getJsonObject(1).getJsonArray("data");
        assertEquals(0.5, out.getJsonNumber(out.size() - 1).doubleValue());
    }
}
