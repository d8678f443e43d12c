package ge.wardops.probe;

/**
 * The prober itself failed, so the batch has no results at all. Distinct from a device being
 * unreachable: the state engine must not turn a broken prober into thousands of "down" devices.
 */
public class ProbeFailedException extends RuntimeException {

    public ProbeFailedException(String message) {
        super(message);
    }

    public ProbeFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
