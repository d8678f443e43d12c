package ge.wardops.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
