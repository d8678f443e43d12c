package ge.wardops.probe.snmp;

/**
 * Ends one device's poll with a reason. Internal: it travels through the poll's futures and comes
 * out as the failure of an {@link SnmpPollResult}, never to the caller. No stack trace: a dead
 * device is an everyday outcome, not a bug.
 */
final class PollFailure extends RuntimeException {

    private final SnmpPollResult.Failure failure;

    PollFailure(SnmpPollResult.Failure failure, String detail) {
        super(detail, null, false, false);
        this.failure = failure;
    }

    SnmpPollResult.Failure failure() {
        return failure;
    }
}
