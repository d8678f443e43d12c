package ge.wardops.notify;

/** Where a delivery stands: claimed and queued, sent, given up on, or dropped because the queue was full. */
public enum DeliveryStatus {
    PENDING,
    SENT,
    FAILED,
    DROPPED
}
