package ge.wardops.api;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
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

    /**
     * An answer's JSON, its tag and (for answers reused many times) its gzip form, computed once; in
     * {@link ByteChunks}, never one large array, however large the answer.
     */
    record Body(ByteChunks json, String digest, ByteChunks gzip) {

        EntityTag tag() {
            return new EntityTag(digest);
        }
    }

    static Body body(Object entity) {
        ByteChunks json = json(entity);
        return new Body(json, digest(json), null);
    }

    /** As {@link #body}, plus the gzip form, for an answer served many times between changes. */
    static Body reusableBody(Object entity) {
        return reusableBody(json(entity), Deflater.DEFAULT_COMPRESSION);
    }

    /** JSON-B's UTF-8 written straight into chunks (no String, no array of the whole). */
    private static ByteChunks json(Object entity) {
        ByteChunks.Sink sink = ByteChunks.sink();
        JSON.toJson(entity, sink);
        return sink.done();
    }

    /**
     * JSON already written, with its tag and gzip form. {@code level} is the gzip level: answers built
     * once per probe round take the default; answers built on a request's path (a history cache miss)
     * take {@link Deflater#BEST_SPEED}, a quarter of the time for a body a third larger.
     */
    static Body reusableBody(byte[] json, int level) {
        return reusableBody(ByteChunks.of(json), level);
    }

    private static Body reusableBody(ByteChunks json, int level) {
        ByteChunks.Sink out = ByteChunks.sink();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192) {
            {
                def.setLevel(level);
            }
        }) {
            json.write(gz);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Body(json, digest(json), out.done());
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

    private static String digest(ByteChunks body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            body.update(sha);
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
