package ge.wardops.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VictoriaMetricsReaderTest {

    @Test
    void parsesTheMatrixAndSkipsNonFiniteValues() {
        List<VictoriaMetricsReader.Series> s = VictoriaMetricsReader.parseMatrix("""
                {"status":"success","data":{"resultType":"matrix","result":[
                 {"metric":{"device_id":"7","series":"rtt"},"values":[[1795907700,"0.5"],[1795908000,"NaN"],[1795908300.5,"2"]]}]}}
                """);
        assertEquals(1, s.size());
        assertEquals("7", s.get(0).labels().get("device_id"));
        assertEquals(List.of(new VictoriaMetricsReader.Point(1795907700000L, 0.5), new VictoriaMetricsReader.Point(1795908300500L, 2.0)),
                s.get(0).points());
    }

    @Test
    void skipsWhatItDoesNotKnowAndInfinities() {
        List<VictoriaMetricsReader.Series> s = VictoriaMetricsReader.parseMatrix("""
                {"status":"success","isPartial":false,"data":{"resultType":"matrix","result":[
                 {"metric":{"__name__":"wardops_ping_rtt_ms","device_id":"7"},"values":[[1795907700,"+Inf"],[1795908000,"-Inf"],[1795908300,"1e2"]]},
                 {"metric":{},"values":[]}]},
                 "stats":{"seriesFetched":"3","executionTimeMsec":1,"nested":{"a":[1,[2]]}}}
                """);
        assertEquals(2, s.size());
        assertEquals(Map.of("__name__", "wardops_ping_rtt_ms", "device_id", "7"), s.get(0).labels());
        assertEquals(List.of(new VictoriaMetricsReader.Point(1795908300000L, 100.0)), s.get(0).points());
        assertEquals(Map.of(), s.get(1).labels());
        assertEquals(List.of(), s.get(1).points());
    }

    @Test
    void refusesAnErrorOrSomethingElse() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> VictoriaMetricsReader.parseMatrix(
                "{\"status\":\"error\",\"errorType\":\"422\",\"error\":\"cannot parse query\"}"));
        assertTrue(error.getMessage().contains("cannot parse query"), error.getMessage());
        assertThrows(IllegalStateException.class, () -> VictoriaMetricsReader.parseMatrix("[1,2]"));
        assertThrows(IllegalStateException.class, () -> VictoriaMetricsReader.parseMatrix("{\"status\":\"success\""));
        assertThrows(IllegalStateException.class, () -> VictoriaMetricsReader.parseMatrix(
                "{\"status\":\"success\",\"data\":{\"result\":[{\"values\":[[\"x\",\"1\"]]}]}}"));
    }

    @Test
    void parsesTheVectorOfAnInstantQueryAndLeavesNoDataWithoutAPoint() {
        List<VictoriaMetricsReader.Series> s = VictoriaMetricsReader.parseVector("""
                {"status":"success","data":{"resultType":"vector","result":[
                 {"metric":{"device_id":"7"},"value":[1795907700,"99.5"]},
                 {"metric":{"device_id":"8"},"value":[1795907700,"NaN"]}]}}
                """);
        assertEquals(2, s.size());
        assertEquals(List.of(new VictoriaMetricsReader.Point(1795907700000L, 99.5)), s.get(0).points());
        assertEquals(List.of(), s.get(1).points(), "NaN is no measurement");
    }
}
