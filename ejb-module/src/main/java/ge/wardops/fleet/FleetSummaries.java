package ge.wardops.fleet;

import ge.wardops.history.AvailabilityService;
import ge.wardops.history.AvailabilityWindow;
import ge.wardops.history.HistoryUnavailableException;
import ge.wardops.security.CallerScope;
import ge.wardops.security.RegionScope;
import ge.wardops.security.Roles;
import ge.wardops.shared.UnknownEntityException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.util.logging.Logger;

/**
 * Branch and region summaries: live device counts from memory, availability from one cached
 * fleet-wide VictoriaMetrics read per window, limited to the caller's regions (built by
 * {@link LiveSummaries}; the version a caller's collection summaries are kept by is asked here). A branch or region
 * the caller may not see does not exist for it. When VictoriaMetrics is away the counts still
 * come, with no availability and {@code degraded} set.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class FleetSummaries {

    private static final Logger LOG = Logger.getLogger(FleetSummaries.class.getName());

    @Inject
    FleetSnapshot snapshot;

    @Inject
    LiveSummaries summaries;

    @Inject
    AvailabilityService availability;

    @EJB
    CallerScope caller;

    @EJB
    FleetStatus fleet;

    /**
     * What the caller's summaries for a window are made of now: the live version (scope, inventory,
     * states) and the generation of the availability read ({@code -1} while VictoriaMetrics does not
     * answer). Equal versions give equal answers, so an adapter may reuse the answer it built for an
     * equal version. It carries the read itself for the answer built from it (one cache read per
     * request), but equality is by generation only: comparing 10,000 percentages per request is what
     * the version exists to avoid.
     */
    public record SummaryVersion(LiveVersion live, long availabilityGeneration, AvailabilityService.FleetAvailability read) {

        @Override
        public boolean equals(Object o) {
            return o instanceof SummaryVersion v && v.availabilityGeneration == availabilityGeneration && v.live.equals(live);
        }

        @Override
        public int hashCode() {
            return 31 * live.hashCode() + Long.hashCode(availabilityGeneration);
        }
    }

    public SummaryVersion version(AvailabilityWindow window) {
        AvailabilityService.FleetAvailability read = availabilityOrNull(window);
        return new SummaryVersion(fleet.version(), read == null ? -1 : read.generation(), read);
    }

    /**
     * One branch of the caller's scope (a branch outside it does not exist for the caller). The
     * collection summaries are built by the API from the caller's {@link #version} with {@link LiveSummaries}.
     */
    public AvailabilitySummary branch(long id, AvailabilityWindow window) {
        RegionScope scope = caller.regions();
        FleetBranch b = snapshot.branches().stream().filter(x -> x.id() == id && scope.allows(x.regionId())).findFirst()
                .orElseThrow(() -> new UnknownEntityException("branch", id));
        return summaries.branch(b, window, availabilityOrNull(window));
    }

    /** One region of the caller's scope, as {@link #branch}. */
    public AvailabilitySummary region(long id, AvailabilityWindow window) {
        RegionScope scope = caller.regions();
        FleetRegion r = snapshot.regions().stream().filter(x -> x.id() == id && scope.allows(x.id())).findFirst()
                .orElseThrow(() -> new UnknownEntityException("region", id));
        return summaries.region(r, window, availabilityOrNull(window));
    }

    private AvailabilityService.FleetAvailability availabilityOrNull(AvailabilityWindow window) {
        try {
            return availability.fleet(window);
        } catch (HistoryUnavailableException e) {
            LOG.fine(() -> "availability unavailable, answering degraded: " + e.getCause());
            return null;
        }
    }
}
