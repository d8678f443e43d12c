package ge.wardops.alerting.expression;

/**
 * What a condition is evaluated for: a device ({@code deviceId}, no members) or a group (its member
 * devices, already limited to the rule's scope).
 */
public record Subject(long deviceId, long[] members) {

    public static Subject device(long id) {
        return new Subject(id, null);
    }

    public static Subject group(long[] members) {
        return new Subject(-1, members);
    }
}
