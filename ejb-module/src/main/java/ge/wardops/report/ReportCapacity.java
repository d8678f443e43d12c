package ge.wardops.report;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** This node's {@link ReportSlots}, sized by {@code wardops.reports.max-concurrent}. */
@ApplicationScoped
public class ReportCapacity {

    @Inject
    ReportSettings settings;

    private ReportSlots slots;

    @PostConstruct
    void size() {
        slots = new ReportSlots(settings.maxConcurrent());
    }

    /** Runs a generation in a slot; one that waited longer than the stale limit would be failed anyway, so it gives up then. */
    public void run(Runnable generation, ReportProgress progress) {
        slots.run(generation, progress, settings.staleAfter());
    }
}
