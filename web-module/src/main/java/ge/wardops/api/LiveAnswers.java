package ge.wardops.api;

import ge.wardops.fleet.FleetSummaries;
import ge.wardops.fleet.LiveVersion;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The live list, stats and summaries serialized once per version and scope: between two probe rounds every
 * caller with the same scope gets the same bytes and ETag without the fleet being joined, turned
 * into JSON, hashed and compressed again for each request. Keyed by scope, so a regional manager never meets
 * an answer built for another scope; one entry per scope and answer, replaced when the version moves.
 *
 * <p>For a large fleet ({@code wardops.live.background-rebuild-devices} devices or more) the list,
 * the stats and the branch and region summaries are rebuilt off the request's path when only a probe round moved them: the callers meanwhile
 * get the answer of the round before, for as long as the rebuild takes (~0.1–0.2 s at 10,000 devices),
 * instead of every caller of that moment waiting for it (measured: docs/performance.md, "Read path").
 * A change of inventory, of open alerts or of scope is always rebuilt before it is answered.
 */
@ApplicationScoped
public class LiveAnswers {

    private static final Logger LOG = Logger.getLogger(LiveAnswers.class.getName());

    /** More distinct scopes than this (regional managers with different region sets) and the memo starts over. */
    private static final int MAX_SLOTS = 512;

    /** A rebuild running longer than this no longer excuses an old answer: callers build (and wait) themselves. */
    private static final long STALE_LIMIT_NANOS = 5_000_000_000L;

    private record Slot(String answer, Object scope) {
    }

    private record Built(Object version, Etags.Body body) {
    }

    private final Map<Slot, Built> built = new ConcurrentHashMap<>();

    /** Slots being rebuilt in the background, and since when (System.nanoTime). */
    private final Map<Slot, Long> rebuilding = new ConcurrentHashMap<>();

    @Inject
    LiveAnswersSettings settings;

    @Resource
    ManagedExecutorService executor;

    /** For tests: the executor background rebuilds run on. */
    Executor background() {
        return executor;
    }

    /**
     * The live list or stats, kept per version and the version's scope ({@link #versionedBody}), and
     * rebuilt in the background after a probe round in a large fleet, so
     * {@code entity} must not depend on the caller's identity on the thread (it gets the scope from
     * {@code version}); the caller's access has been checked when the version was asked.
     *
     * @param fleetSize the devices in the inventory, all regions: what decides between the two ways
     */
    Response live(Request request, String acceptEncoding, String answer, LiveVersion version, Supplier<?> entity, int fleetSize) {
        return Etags.ok(request, liveBody(answer, version, entity, fleetSize), acceptEncoding);
    }

    /**
     * A collection summary (branches, regions): as {@link #live}, for the summary's version (its live
     * version and its availability read), so rebuilt in the background when only probe rounds moved it
     * in a large fleet; {@code entity} must build from the version's scope and read
     * ({@link ge.wardops.fleet.LiveSummaries}), never from the caller on the thread.
     */
    Response summary(Request request, String acceptEncoding, String answer, FleetSummaries.SummaryVersion version, Supplier<?> entity,
                     int fleetSize) {
        return Etags.ok(request, versionedBody(answer, version.live().scope(), version, entity, fleetSize), acceptEncoding);
    }

    Etags.Body liveBody(String answer, LiveVersion version, Supplier<?> entity, int fleetSize) {
        return versionedBody(answer, version.scope(), version, entity, fleetSize);
    }

    /**
     * @param answer    names the answer and everything the request chose (e.g. the window); with the
     *                  scope it is the slot
     * @param version   equal versions give equal answers (a record: compared with equals)
     * @param fleetSize the devices in the inventory, all regions: what decides between building on the
     *                  caller's thread and in the background after a probe round
     */
    Etags.Body versionedBody(String answer, Object scope, Object version, Supplier<?> entity, int fleetSize) {
        Slot slot = new Slot(answer, scope);
        Built b = built.get(slot);
        if (b != null && fleetSize >= settings.backgroundRebuildDevices() && onlyProbeRoundsApart(b.version(), version)
                && rebuildInBackground(slot, version, entity)) {
            return b.body();
        }
        return body(slot, version, entity);
    }

    private Etags.Body body(Slot slot, Object version, Supplier<?> entity) {
        Built b = built.get(slot);
        if (b == null || !b.version().equals(version)) {
            if (built.size() >= MAX_SLOTS) {
                built.clear();
            }
            b = new Built(version, Etags.reusableBody(entity.get()));
            built.put(slot, b);
        }
        return b.body();
    }

    /**
     * Two versions of one answer that only probe rounds set apart: for the list and stats their live
     * versions, for a summary also the same availability read.
     */
    static boolean onlyProbeRoundsApart(Object old, Object now) {
        if (old instanceof FleetSummaries.SummaryVersion o && now instanceof FleetSummaries.SummaryVersion n) {
            return o.availabilityGeneration() == n.availabilityGeneration() && onlyProbeRoundsApart(o.live(), n.live());
        }
        return old instanceof LiveVersion o && now instanceof LiveVersion n && onlyProbeRoundsApart(o, n);
    }

    /** The live version an answer's version holds: its own (list, stats) or a summary's; null for any other. */
    private static LiveVersion live(Object version) {
        return version instanceof LiveVersion v ? v : version instanceof FleetSummaries.SummaryVersion s ? s.live() : null;
    }

    /** Same scope, inventory and open alerts; only newer states (one or more probe rounds). */
    static boolean onlyProbeRoundsApart(LiveVersion old, LiveVersion now) {
        return old.scope().equals(now.scope()) && old.inventoryGeneration() == now.inventoryGeneration()
                && old.activeAlerts() == now.activeAlerts() && old.statesVersion() < now.statesVersion();
    }

    /**
     * Starts (once per slot at a time) the rebuild of {@code slot} for {@code version}; true while the
     * old answer may still be given, false when the caller must build it itself (the rebuild has taken
     * too long, or the executor refused it).
     */
    private boolean rebuildInBackground(Slot slot, Object version, Supplier<?> entity) {
        long now = System.nanoTime();
        Long since = rebuilding.putIfAbsent(slot, now);
        if (since != null) {
            return now - since < STALE_LIMIT_NANOS;
        }
        try {
            background().execute(() -> {
                try {
                    Built fresh = new Built(version, Etags.reusableBody(entity.get()));
                    long states = live(version).statesVersion();
                    built.compute(slot, (k, current) -> current == null || live(current.version()) == null
                            || live(current.version()).statesVersion() < states ? fresh : current);
                } catch (RuntimeException e) {
                    // Never go on answering from the old copy while building fails: the next caller builds, and sees why.
                    built.remove(slot);
                    LOG.log(Level.WARNING, "Rebuilding the live answer '" + slot.answer() + "' failed; the next request builds it", e);
                } finally {
                    rebuilding.remove(slot);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            rebuilding.remove(slot);
            return false;
        }
    }
}
