package ge.wardops.notify;

/**
 * Where one channel sends, ready to use: for EMAIL the recipients, for WEBHOOK the URL and the
 * shared secret in clear (decrypted only for sending, never logged: toString leaves it out).
 */
public record ChannelAddress(long id, String name, ChannelKind kind, String target, byte[] secret) {

    @Override
    public String toString() {
        return "ChannelAddress[" + id + ", " + name + ", " + kind + ", " + target + "]";
    }
}
