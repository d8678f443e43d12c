package ge.wardops.api;

import ge.wardops.fleet.LiveVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The live list, stats and summaries serialized once per version and scope: between two probe rounds every
 * caller with the same scope gets the same bytes and ETag without the fleet being joined, turned
 * into JSON, hashed and compressed again for each request. Keyed by scope, so a regional manager never meets
 * an answer built for another scope; one entry per scope and answer, replaced when the version moves.
 */
@ApplicationScoped
public class LiveAnswers {

    /** More distinct scopes than this (regional managers with different region sets) and the memo starts over. */
    private static final int MAX_SLOTS = 512;

    private record Slot(String answer, Object scope) {
    }

    private record Built(Object version, Etags.Body body) {
    }

    private final Map<Slot, Built> built = new ConcurrentHashMap<>();

    Response ok(Request request, String acceptEncoding, String answer, LiveVersion version, Supplier<?> entity) {
        return ok(request, acceptEncoding, answer, version.scope(), version, entity);
    }

    /**
     * @param answer  names the answer and everything the request chose (e.g. the window); with the
     *                scope it is the slot
     * @param version equal versions give equal answers (a record: compared with equals)
     */
    Response ok(Request request, String acceptEncoding, String answer, Object scope, Object version, Supplier<?> entity) {
        Slot slot = new Slot(answer, scope);
        Built b = built.get(slot);
        if (b == null || !b.version().equals(version)) {
            if (built.size() >= MAX_SLOTS) {
                built.clear();
            }
            b = new Built(version, Etags.reusableBody(entity.get()));
            built.put(slot, b);
        }
        return Etags.ok(request, b.body(), acceptEncoding);
    }
}
