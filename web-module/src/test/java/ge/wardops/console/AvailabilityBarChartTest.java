package ge.wardops.console;

import ge.wardops.report.AvailabilityRow;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AvailabilityBarChartTest {

    private static AvailabilityRow branch(long id, String name, Double sla, double target) {
        return new AvailabilityRow(AvailabilityRow.Level.BRANCH, id, name, "Tbilisi", 1L, 2, sla, sla, Duration.ZERO, Duration.ZERO,
                Duration.ZERO, 0, Duration.ZERO, null, null, target, sla == null ? null : 100.0, null, null);
    }

    @Test
    void aBreachIsARedBarABranchWithoutSamplesHasNoBarAndTheAxisStartsBelowTheLowest() {
        JsonObject chart = Json.createReader(new StringReader(AvailabilityBarChart.of("Branches of Tbilisi", List.of(
                branch(1, "Vake", 97.25, 99.5), branch(2, "Saburtalo", 99.9, 99.5), branch(3, "New", null, 99.5))))).readObject();

        JsonArray datasets = chart.getJsonObject("data").getJsonArray("datasets");
        JsonObject bars = datasets.getJsonObject(1);
        assertEquals(List.of("Vake", "Saburtalo", "New"), chart.getJsonObject("data").getJsonArray("labels").getValuesAs(
                jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());
        assertEquals(97.25, bars.getJsonArray("data").getJsonNumber(0).doubleValue(), 1e-9);
        assertEquals(JsonValue.NULL, bars.getJsonArray("data").get(2), "nothing known is no bar, never a 0");
        assertEquals("#c0392b", bars.getJsonArray("backgroundColor").getString(0), "below its target: red");
        assertEquals("#2e7d5b", bars.getJsonArray("backgroundColor").getString(1));
        assertEquals(99.5, datasets.getJsonObject(0).getJsonArray("data").getJsonNumber(0).doubleValue(), 1e-9, "the target line");
        JsonObject y = chart.getJsonObject("options").getJsonObject("scales").getJsonObject("y");
        assertEquals(96, y.getJsonNumber("min").intValue(), "a point below the lowest bar, so 97.25 and 99.9 do not look alike");
        assertEquals(100, y.getJsonNumber("max").intValue());
    }
}
