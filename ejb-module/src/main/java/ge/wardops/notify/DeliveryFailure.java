package ge.wardops.notify;

/**
 * A send that did not work. Transient failures (connection refused or timed out, HTTP 408, 429,
 * 5xx, an SMTP server that is away) are worth retrying; the others (a refused address, HTTP 4xx,
 * a bad configuration) would fail the same way again.
 */
public class DeliveryFailure extends Exception {

    private final boolean transientFailure;

    public DeliveryFailure(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
