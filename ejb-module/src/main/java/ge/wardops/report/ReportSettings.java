package ge.wardops.report;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.time.Duration;

/** The one home of the reports' settings, each with its default and why (docs/configuration.md, docs/reports.md). */
@ApplicationScoped
public class ReportSettings {

    /** 99.5 %: about 3.6 hours down a month, the availability a bank's branch links are commonly promised. */
    @Inject
    @ConfigProperty(name = "wardops.reports.default-slo-percent", defaultValue = "99.5")
    double defaultSloPercent;

    /** 400 days: last year's monthly reports stay downloadable for the annual audit. */
    @Inject
    @ConfigProperty(name = "wardops.reports.retention-days", defaultValue = "400")
    int retentionDays;

    /** A Unicode TrueType font for the PDF (Georgian names); Helvetica when the file is not there. */
    @Inject
    @ConfigProperty(name = "wardops.reports.pdf-font", defaultValue = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    String pdfFont;

    /** Places in each Top N list: ten is what fits a PDF page next to the chart. */
    @Inject
    @ConfigProperty(name = "wardops.reports.top-n", defaultValue = "10")
    int topN;

    /**
     * 15 minutes: no step of a year's report for 10,000 devices takes nearly this long (docs/performance.md),
     * so a report RUNNING without progress for longer was cut off (a restart) and is marked FAILED.
     */
    @Inject
    @ConfigProperty(name = "wardops.reports.stale-after-minutes", defaultValue = "15")
    int staleAfterMinutes;

    /** 5 minutes: how often the leader looks for hours to roll up ({@link RollupJob}). */
    @Inject
    @ConfigProperty(name = "wardops.reports.rollup-minutes", defaultValue = "5")
    int rollupMinutes;

    /**
     * 5 minutes: an hour is rolled up once it ended this long ago. A round's samples reach
     * VictoriaMetrics seconds after it; later ones (a spool's replay) mark their hour stale instead.
     */
    @Inject
    @ConfigProperty(name = "wardops.reports.rollup-lag-minutes", defaultValue = "5")
    int rollupLagMinutes;

    /**
     * 400 days, as long as reports are kept: after an upgrade the job rolls up the year already
     * stored (newest first, so last month is fast first), and a year's report reads rollups too.
     */
    @Inject
    @ConfigProperty(name = "wardops.reports.rollup-catch-up-days", defaultValue = "400")
    int rollupCatchUpDays;

    /** 60 seconds of catching up per run at most, so a long backlog never holds the leader's timer for long. */
    @Inject
    @ConfigProperty(name = "wardops.reports.rollup-budget-seconds", defaultValue = "60")
    int rollupBudgetSeconds;

    /**
     * 2 reports generated at once per node, the rest wait their turn: on two cores a month's report
     * of the demo fleet takes about a second, so a queue is short, and VictoriaMetrics is never asked
     * by many year-long reports together.
     */
    @Inject
    @ConfigProperty(name = "wardops.reports.max-concurrent", defaultValue = "2")
    int maxConcurrent;

    public int maxConcurrent() {
        return Math.max(1, Math.min(32, maxConcurrent));
    }

    public Duration rollupEvery() {
        return Duration.ofMinutes(Math.max(1, rollupMinutes));
    }

    public Duration rollupLag() {
        return Duration.ofMinutes(Math.max(1, rollupLagMinutes));
    }

    public Duration rollupCatchUp() {
        return Duration.ofDays(Math.max(1, rollupCatchUpDays));
    }

    public Duration rollupBudget() {
        return Duration.ofSeconds(Math.max(5, rollupBudgetSeconds));
    }

    public double defaultSloPercent() {
        return defaultSloPercent;
    }

    public Duration retention() {
        return Duration.ofDays(Math.max(1, retentionDays));
    }

    public Path pdfFont() {
        return pdfFont == null || pdfFont.isBlank() ? null : Path.of(pdfFont);
    }

    public Duration staleAfter() {
        return Duration.ofMinutes(Math.max(1, staleAfterMinutes));
    }

    public int topN() {
        return Math.max(1, Math.min(100, topN));
    }
}
