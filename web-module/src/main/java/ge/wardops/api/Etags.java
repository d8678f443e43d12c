package ge.wardops.api;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Answers with an ETag computed from the body, and 304 Not Modified when the client already has
 * that body (If-None-Match): a dashboard polling every few seconds then costs no transfer while
 * nothing changed. Caches may keep it but must ask again each time (private, no-cache).
 */
final class Etags {

    private static final Jsonb JSON = JsonbBuilder.create();

    private Etags() {
    }

    /** An answer's JSON, its tag and (for answers reused many times) its gzip form, computed once. */
    record Body(byte[] json, String digest, byte[] gzip) {

        EntityTag tag() {
            return new EntityTag(digest);
        }
    }

    static Body body(Object entity) {
        byte[] json = JSON.toJson(entity).getBytes(StandardCharsets.UTF_8);
        return new Body(json, digest(json), null);
    }

    /** As {@link #body}, plus the gzip form, for an answer served many times between changes. */
    static Body reusableBody(Object entity) {
        return reusableBody(JSON.toJson(entity).getBytes(StandardCharsets.UTF_8), Deflater.DEFAULT_COMPRESSION);
    }

    /**
     * JSON already written, with its tag and gzip form. {@code level} is the gzip level: answers built
     * once per probe round take the default; answers built on a request's path (a history cache miss)
     * take {@link Deflater#BEST_SPEED}, a quarter of the time for a body a third larger.
     */
    static Body reusableBody(byte[] json, int level) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 6 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(level);
            }
        }) {
            gz.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Body(json, digest(json), out.toByteArray());
    }

    static Response ok(Request request, Object entity) {
        return ok(request, body(entity));
    }

    /**
     * @param acceptEncoding the request's Accept-Encoding: when it takes gzip and the body has its gzip
     *                       form, that is sent as it is (the server's own compression leaves a response
     *                       that already names its Content-Encoding alone)
     */
    static Response ok(Request request, Body body, String acceptEncoding) {
        Response.ResponseBuilder notModified = request.evaluatePreconditions(body.tag());
        Response.ResponseBuilder answer = okBuilder(notModified, body).header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        if (notModified == null && body.gzip() != null && acceptEncoding != null
                && acceptEncoding.toLowerCase(Locale.ROOT).contains("gzip")) {
            answer.entity(body.gzip()).header(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        return answer.build();
    }

    static Response ok(Request request, Body body) {
        return okBuilder(request.evaluatePreconditions(body.tag()), body).build();
    }

    private static Response.ResponseBuilder okBuilder(Response.ResponseBuilder notModified, Body body) {
        EntityTag tag = body.tag();
        CacheControl revalidate = new CacheControl();
        revalidate.setPrivate(true);
        revalidate.setNoCache(true);
        if (notModified != null) {
            return notModified.cacheControl(revalidate).tag(tag);
        }
        return Response.ok(body.json(), MediaType.APPLICATION_JSON_TYPE).tag(tag).cacheControl(revalidate);
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
