package ge.wardops.report;

/**
 * What the ping samples of one device say about a stretch of time: how many rounds have a sample
 * ({@code rounds}; a round without one is unknown, neither up nor down), how many of them had a
 * reply, and the sums that give its mean RTT and loss.
 */
public record SampleCounts(long rounds, long upRounds, double rttSumMs, long rttRounds, double lossSumPercent) {

    public static final SampleCounts NONE = new SampleCounts(0, 0, 0, 0, 0);

    public SampleCounts plus(SampleCounts o) {
        return new SampleCounts(rounds + o.rounds, upRounds + o.upRounds, rttSumMs + o.rttSumMs, rttRounds + o.rttRounds,
                lossSumPercent + o.lossSumPercent);
    }

    /** These counts without a part of them (the rounds inside maintenance); never below zero. */
    public SampleCounts minus(SampleCounts o) {
        return new SampleCounts(Math.max(0, rounds - o.rounds), Math.max(0, upRounds - o.upRounds), rttSumMs - o.rttSumMs,
                Math.max(0, rttRounds - o.rttRounds), lossSumPercent - o.lossSumPercent);
    }

    public long downRounds() {
        return rounds - upRounds;
    }

    /** Mean RTT of the rounds with a reply, or null without any. */
    public Double meanRttMs() {
        return rttRounds == 0 ? null : rttSumMs / rttRounds;
    }

    /** Mean loss over the rounds with a sample, or null without any. */
    public Double meanLossPercent() {
        return rounds == 0 ? null : lossSumPercent / rounds;
    }
}
