package ge.wardops.events;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regular expression an administrator wrote, matched with a time bound: java.util.regex
 * backtracks, and a pattern such as {@code (a+)+$} takes exponential time on some inputs. The text
 * is wrapped so that reading it past the deadline throws, which ends the match; such a match counts
 * as no match (and the caller logs it), so one bad rule costs at most its budget per event and never
 * stalls the store thread.
 */
final class BoundedRegex {

    /** How long one match may take; a sane pattern on a 2,000-character message needs microseconds. */
    static final long BUDGET_NANOS = 20_000_000L;

    /** The match ran out of time. */
    static final class TimedOut extends RuntimeException {
        TimedOut() {
            super("regular expression ran out of time", null, false, false);
        }
    }

    private BoundedRegex() {
    }

    /** Whether {@code text} contains a match of {@code pattern}; throws {@link TimedOut} past {@code budgetNanos}. */
    static boolean find(Pattern pattern, String text, long budgetNanos) {
        Matcher m = pattern.matcher(new Deadlined(text, System.nanoTime() + budgetNanos));
        return m.find();
    }

    private static final class Deadlined implements CharSequence {
        private final String text;
        private final long deadline;
        private int reads;

        Deadlined(String text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            // Backtracking is reads: nanoTime (~25 ns) on every 256th read keeps the bound tight and the cost small.
            if ((++reads & 255) == 0 && System.nanoTime() > deadline) {
                throw new TimedOut();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Deadlined(text.substring(start, end), deadline);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
