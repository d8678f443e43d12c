package ge.wardops.history;

/** History cannot be read now (VictoriaMetrics away, slow, or the breaker open); the API answers 503. */
public class HistoryUnavailableException extends RuntimeException {

    public HistoryUnavailableException(Throwable cause) {
        super("history is unavailable: VictoriaMetrics does not answer", cause);
    }
}
