package ge.wardops.alerting.expression;

/** An expression that does not parse or mixes levels; says where (0-based character) and why. */
public class ExpressionException extends RuntimeException {

    private final int position;

    public ExpressionException(int position, String message) {
        super("at " + (position + 1) + ": " + message);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
