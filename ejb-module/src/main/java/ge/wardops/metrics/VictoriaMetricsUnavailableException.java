package ge.wardops.metrics;

/** VictoriaMetrics did not answer (refused, timed out, 5xx) even after the retries: try later, it is not our query. */
public class VictoriaMetricsUnavailableException extends RuntimeException {

    public VictoriaMetricsUnavailableException(String message, Throwable cause) {
        super("VictoriaMetrics does not answer: " + message, cause);
    }
}
