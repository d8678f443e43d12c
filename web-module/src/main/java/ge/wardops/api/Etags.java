package ge.wardops.api;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Answers with an ETag computed from the body, and 304 Not Modified when the client already has
 * that body (If-None-Match): a dashboard polling every few seconds then costs no transfer while
 * nothing changed. Caches may keep it but must ask again each time (private, no-cache).
 */
final class Etags {

    private static final Jsonb JSON = JsonbBuilder.create();

    private Etags() {
    }

    /** An answer's JSON and its tag, computed once. */
    record Body(byte[] json, EntityTag tag) {
    }

    static Body body(Object entity) {
        byte[] json = JSON.toJson(entity).getBytes(StandardCharsets.UTF_8);
        return new Body(json, new EntityTag(digest(json)));
    }

    static Response ok(Request request, Object entity) {
        return ok(request, body(entity));
    }

    static Response ok(Request request, Body body) {
        EntityTag tag = body.tag();
        CacheControl revalidate = new CacheControl();
        revalidate.setPrivate(true);
        revalidate.setNoCache(true);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return notModified.cacheControl(revalidate).tag(tag).build();
        }
        return Response.ok(body.json(), MediaType.APPLICATION_JSON_TYPE).tag(tag).cacheControl(revalidate).build();
    }

    private static String digest(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
