package ge.wardops.notify;

/** How a channel delivers: an email to its recipients, or a signed JSON POST to its URL. */
public enum ChannelKind {
    EMAIL,
    WEBHOOK
}
