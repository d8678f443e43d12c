package ge.wardops.notify;

/** How a delivery ended: the status, how many sends were tried, and the last error (null when sent). */
public record DeliveryOutcome(Delivery delivery, DeliveryStatus status, int attempts, String error) {
}
