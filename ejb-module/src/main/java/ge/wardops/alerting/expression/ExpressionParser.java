package ge.wardops.alerting.expression;

import ge.wardops.devicestate.DeviceStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the condition language of expression rules (docs/alerting.md, "Expression grammar"):
 * a hand-written recursive-descent parser, one method per rule of this grammar.
 *
 * <pre>
 * expression := or
 * or         := and { "OR" and }
 * and        := unary { "AND" unary }
 * unary      := "NOT" unary | primary
 * primary    := "(" expression ")" | state | comparison | aggregate
 * state      := "down" | "up" | "unknown"
 * comparison := metric op number
 * metric     := "rtt" | "loss" | "availability" | "snmp." item
 * aggregate  := ("branch" | "region") "." ("percent" | "count") "(" expression ")" op number
 * op         := "&gt;" | "&gt;=" | "&lt;" | "&lt;=" | "==" | "!="
 * </pre>
 *
 * Keywords are case-insensitive; SNMP item names are as the templates spell them. An expression is
 * about one device unless it uses an aggregate; then every device condition must sit inside an
 * aggregate of one level (branch or region), and the rule raises one alert per group.
 */
public final class ExpressionParser {

    /** Longest expression accepted: far above any sensible rule, bounds the parser's work. */
    public static final int MAX_LENGTH = 2000;
    private static final int MAX_DEPTH = 50;

    /** A parsed expression and what the evaluator needs to know about it. */
    public record Parsed(Condition condition, Level level, boolean usesAvailability) {
    }

    private enum Type { WORD, NUMBER, OP, LPAREN, RPAREN, DOT, END }

    private record Token(Type type, String text, int at) {
    }

    private final List<Token> tokens;
    private int next;
    private int depth;
    private Level aggregateLevel;
    private int bareDeviceTermAt = -1;
    private boolean insideAggregate;
    private boolean usesAvailability;

    private ExpressionParser(String source) {
        this.tokens = tokenize(source);
    }

    public static Parsed parse(String source) {
        if (source == null || source.isBlank()) {
            throw new ExpressionException(0, "the expression is empty");
        }
        if (source.length() > MAX_LENGTH) {
            throw new ExpressionException(MAX_LENGTH, "the expression is longer than " + MAX_LENGTH + " characters");
        }
        ExpressionParser p = new ExpressionParser(source);
        Condition c = p.or();
        Token end = p.peek();
        if (end.type() != Type.END) {
            throw new ExpressionException(end.at(), "unexpected '" + end.text() + "'");
        }
        if (p.aggregateLevel != null && p.bareDeviceTermAt >= 0) {
            throw new ExpressionException(p.bareDeviceTermAt, "a device condition outside an aggregate cannot be combined with "
                    + p.aggregateLevel.name().toLowerCase() + "-level aggregates; put it inside the aggregate");
        }
        return new Parsed(c, p.aggregateLevel == null ? Level.DEVICE : p.aggregateLevel, p.usesAvailability);
    }

    private Condition or() {
        Condition left = and();
        while (keyword("OR")) {
            left = new Condition.Or(left, and());
        }
        return left;
    }

    private Condition and() {
        Condition left = unary();
        while (keyword("AND")) {
            left = new Condition.And(left, unary());
        }
        return left;
    }

    private Condition unary() {
        if (++depth > MAX_DEPTH) {
            throw new ExpressionException(peek().at(), "the expression nests deeper than " + MAX_DEPTH + " levels");
        }
        try {
            if (keyword("NOT")) {
                return new Condition.Not(unary());
            }
            return primary();
        } finally {
            depth--;
        }
    }

    private Condition primary() {
        Token t = take();
        switch (t.type()) {
            case LPAREN -> {
                Condition inner = or();
                expect(Type.RPAREN, "')'");
                return inner;
            }
            case WORD -> {
                String word = t.text().toLowerCase(Locale.ROOT);
                switch (word) {
                    case "down", "up", "unknown" -> {
                        deviceTerm(t);
                        return new Condition.StatusIs(DeviceStatus.valueOf(word.toUpperCase(Locale.ROOT)));
                    }
                    case "rtt", "loss", "availability" -> {
                        deviceTerm(t);
                        if (word.equals("availability")) {
                            usesAvailability = true;
                        }
                        Condition.Metric metric = Condition.Metric.valueOf(word.toUpperCase(Locale.ROOT));
                        return new Condition.Compare(metric, null, op(), number());
                    }
                    case "snmp" -> {
                        deviceTerm(t);
                        expect(Type.DOT, "'.' and an SNMP item name (snmp.ifOperStatus)");
                        Token item = expect(Type.WORD, "an SNMP item name");
                        return new Condition.Compare(Condition.Metric.SNMP, item.text(), op(), number());
                    }
                    case "branch", "region" -> {
                        return aggregate(t, Level.valueOf(word.toUpperCase(Locale.ROOT)));
                    }
                    default -> throw new ExpressionException(t.at(), "unknown word '" + t.text()
                            + "'; expected down, up, unknown, rtt, loss, availability, snmp.<item>, branch.<fn>(...) or region.<fn>(...)");
                }
            }
            case END -> throw new ExpressionException(t.at(), "the expression ends too early");
            default -> throw new ExpressionException(t.at(), "unexpected '" + t.text() + "'");
        }
    }

    private Condition aggregate(Token at, Level level) {
        if (insideAggregate) {
            throw new ExpressionException(at.at(), "aggregates cannot be nested");
        }
        if (aggregateLevel != null && aggregateLevel != level) {
            throw new ExpressionException(at.at(), "one expression aggregates over one level; it already uses "
                    + aggregateLevel.name().toLowerCase());
        }
        aggregateLevel = level;
        expect(Type.DOT, "'.' and percent or count");
        Token fn = expect(Type.WORD, "percent or count");
        Condition.Function function;
        switch (fn.text().toLowerCase(Locale.ROOT)) {
            case "percent" -> function = Condition.Function.PERCENT;
            case "count" -> function = Condition.Function.COUNT;
            default -> throw new ExpressionException(fn.at(), "unknown aggregate '" + fn.text() + "'; expected percent or count");
        }
        expect(Type.LPAREN, "'('");
        insideAggregate = true;
        Condition inner;
        try {
            inner = or();
        } finally {
            insideAggregate = false;
        }
        expect(Type.RPAREN, "')'");
        Comparison op = op();
        double value = number();
        if (function == Condition.Function.PERCENT && (value < 0 || value > 100)) {
            throw new ExpressionException(at.at(), "a percentage is between 0 and 100");
        }
        return new Condition.Aggregate(level, function, inner, op, value);
    }

    private void deviceTerm(Token t) {
        if (!insideAggregate && bareDeviceTermAt < 0) {
            bareDeviceTermAt = t.at();
        }
    }

    private Comparison op() {
        Token t = take();
        Comparison c = t.type() == Type.OP ? Comparison.of(t.text()) : null;
        if (c == null) {
            throw new ExpressionException(t.at(), "expected a comparison (>, >=, <, <=, ==, !=), found '" + t.text() + "'");
        }
        return c;
    }

    private double number() {
        Token t = take();
        if (t.type() != Type.NUMBER) {
            throw new ExpressionException(t.at(), "expected a number, found '" + t.text() + "'");
        }
        return Double.parseDouble(t.text());
    }

    private boolean keyword(String word) {
        Token t = peek();
        if (t.type() == Type.WORD && t.text().equalsIgnoreCase(word)) {
            next++;
            return true;
        }
        return false;
    }

    private Token expect(Type type, String what) {
        Token t = take();
        if (t.type() != type) {
            throw new ExpressionException(t.at(), "expected " + what + ", found " + (t.type() == Type.END ? "the end" : "'" + t.text() + "'"));
        }
        return t;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token t = tokens.get(next);
        if (t.type() != Type.END) {
            next++;
        }
        return t;
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(Type.WORD, s.substring(start, i), start));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))
                    && (out.isEmpty() || out.get(out.size() - 1).type() == Type.OP))) {
                int start = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                if (i < s.length() && s.charAt(i) == '.') {
                    i++;
                    while (i < s.length() && Character.isDigit(s.charAt(i))) {
                        i++;
                    }
                }
                out.add(new Token(Type.NUMBER, s.substring(start, i), start));
            } else if (c == '(') {
                out.add(new Token(Type.LPAREN, "(", i++));
            } else if (c == ')') {
                out.add(new Token(Type.RPAREN, ")", i++));
            } else if (c == '.') {
                out.add(new Token(Type.DOT, ".", i++));
            } else if (c == '>' || c == '<' || c == '=' || c == '!') {
                int start = i;
                i++;
                if (i < s.length() && s.charAt(i) == '=') {
                    i++;
                }
                String op = s.substring(start, i);
                if (op.equals("=") || op.equals("!")) {
                    throw new ExpressionException(start, "'" + op + "' is not an operator; use == or !=");
                }
                out.add(new Token(Type.OP, op, start));
            } else {
                throw new ExpressionException(i, "unexpected character '" + c + "'");
            }
        }
        out.add(new Token(Type.END, "", s.length()));
        return out;
    }
}
