package ge.wardops.alerting;

import ge.wardops.security.RegionScope;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A suppressed alert as each caller sees it (the API, the console and the feed all go through
 * {@link AlertSnapshot#scopedTo}): the covering alert's id only when that alert is in the caller's
 * regions (review of #12).
 */
class AlertSnapshotScopeTest {

    /** Alert 7 is in region 1 (the child's), alert 8 in region 2, alert 9 a system alert. */
    private static final Map<Long, Long> REGION_OF = new java.util.HashMap<>(Map.of(7L, 1L, 8L, 2L));

    private static AlertSnapshot suppressedUnder(Long parentAlertId) {
        return new AlertSnapshot(42, 3L, "Down", "device:12", "atm", 12L, 5L, "Branch", 1L, "Region one", Severity.MAJOR, AlertState.FIRING,
                "atm is down", Instant.EPOCH, null, null, null, true, parentAlertId, false, false);
    }

    @Test
    void anotherRegionsCoveringAlertIsNotShownButTheAlertStaysSuppressed() {
        RegionScope regionOne = RegionScope.of(Set.of(1L));
        AlertSnapshot seen = suppressedUnder(8L).scopedTo(regionOne, REGION_OF::get);
        assertNull(seen.parentAlertId());
        assertTrue(seen.suppressed());
        assertEquals(suppressedUnder(null), seen, "nothing else changes");
        assertNull(suppressedUnder(9L).scopedTo(regionOne, REGION_OF::get).parentAlertId(), "a system alert is nobody's region");
    }

    @Test
    void aCoveringAlertInScopeIsShownAndEveryRegionSeesEveryId() {
        AlertSnapshot inRegion = suppressedUnder(7L);
        assertSame(inRegion, inRegion.scopedTo(RegionScope.of(Set.of(1L)), REGION_OF::get));
        AlertSnapshot other = suppressedUnder(8L);
        assertSame(other, other.scopedTo(RegionScope.EVERYTHING, id -> {
            throw new AssertionError("no lookup for a caller who sees every region");
        }));
    }
}
