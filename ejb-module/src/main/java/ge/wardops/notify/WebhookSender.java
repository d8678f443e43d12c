package ge.wardops.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * POSTs a notice as JSON to a channel's URL on one pooled HTTP client (keep-alive connections are
 * reused), bounded by a connect and a request timeout, signed with the channel's shared secret
 * ({@link WebhookSignature}), only to a destination {@link WebhookDestinations} allows. 2xx is delivered; 408, 429, 5xx, I/O failures
 * and a host name that does not resolve are transient;
 * any other answer is permanent.
 */
public class WebhookSender {

    public static final String EVENT_HEADER = "X-WardOps-Event";
    public static final String DELIVERY_HEADER = "X-WardOps-Delivery";

    private final HttpClient client;
    private final Duration requestTimeout;
    private final NoticeFormat format;
    private final WebhookDestinations destinations;

    public WebhookSender(Duration connectTimeout, Duration requestTimeout, NoticeFormat format, WebhookDestinations destinations) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.requestTimeout = requestTimeout;
        this.format = format;
        this.destinations = destinations;
    }

    public void send(ChannelAddress channel, Notice notice, Long deliveryId) throws DeliveryFailure {
        // Again at every send: the name may resolve elsewhere than when the channel was saved.
        // A name that does not resolve now (DNS hiccup) is retried like an I/O error; a refused address is not.
        WebhookDestinations.Verdict verdict = destinations.check(channel.target());
        if (verdict.problem() != null) {
            throw new DeliveryFailure("not sent to " + channel.target() + ": " + verdict.problem(), verdict.transientProblem(), null);
        }
        byte[] body = format.json(notice, deliveryId).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(channel.target())).timeout(requestTimeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "WARD-OPS-notifications")
                    .header(EVENT_HEADER, notice.kind().name())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        } catch (IllegalArgumentException e) {
            throw new DeliveryFailure("channel '" + channel.name() + "' has no usable URL: " + e.getMessage(), false, e);
        }
        if (deliveryId != null) {
            request.header(DELIVERY_HEADER, deliveryId.toString());
        }
        if (channel.secret() != null && channel.secret().length > 0) {
            request.header(WebhookSignature.HEADER, WebhookSignature.sign(channel.secret(), body));
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new DeliveryFailure("no answer from " + channel.target() + " within " + requestTimeout.toMillis() + " ms", true, e);
        } catch (IOException e) {
            throw new DeliveryFailure("cannot reach " + channel.target() + ": " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailure("interrupted while sending to " + channel.target(), false, e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return;
        }
        boolean retry = status == 408 || status == 429 || status >= 500;
        String answer = response.body() == null ? "" : response.body().strip();
        throw new DeliveryFailure(channel.target() + " answered HTTP " + status
                + (answer.isEmpty() ? "" : ": " + (answer.length() > 200 ? answer.substring(0, 200) : answer)), retry, null);
    }
}
