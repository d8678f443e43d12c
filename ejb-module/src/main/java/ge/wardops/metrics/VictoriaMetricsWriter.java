package ge.wardops.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes samples to VictoriaMetrics without losing them. Each batch is one gzip import request on a
 * shared keep-alive client; transient failures (refused, timed out, 5xx, 408, 429) are retried with
 * backoff and then spooled to disk; a 4xx is a bug on our side, logged and counted, never retried.
 * <p>
 * Order holds: every send goes through one fair lock, and while the spool holds anything, new
 * batches join its end instead of overtaking it. {@link #replayPending()} (called from a timer)
 * sends the spool oldest first and deletes a segment only once VictoriaMetrics took it.
 * Thread-safe. Owns the spool: {@link #close()} closes it.
 */
public class VictoriaMetricsWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(VictoriaMetricsWriter.class.getName());
    /** Enough of an error response to say what VictoriaMetrics disliked; its messages are one line. */
    private static final int ERROR_BODY_BYTES = 2048;

    private enum Outcome { ACCEPTED, REJECTED, UNAVAILABLE }

    private final VictoriaMetricsSettings settings;
    private final DiskSpool spool;
    private final HttpClient http;
    private final ReentrantLock sendOrder = new ReentrantLock(true);
    private final AtomicLong sentSamples = new AtomicLong();
    private final AtomicLong spooledSamples = new AtomicLong();
    private final AtomicLong replayedSamples = new AtomicLong();
    private final AtomicLong rejectedSamples = new AtomicLong();

    public VictoriaMetricsWriter(VictoriaMetricsSettings settings, DiskSpool spool) {
        this.settings = settings;
        this.spool = spool;
        // HTTP/1.1: VictoriaMetrics speaks plain HTTP, and an h2c upgrade attempt would only cost a round trip.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .build();
    }

    /**
     * Sends the samples in requests of {@link VictoriaMetricsSettings#samplesPerRequest()}, or spools
     * them. Never throws because VictoriaMetrics is away; only when the spool's disk fails too.
     */
    public void write(List<Sample> samples) {
        for (int from = 0; from < samples.size(); from += settings.samplesPerRequest()) {
            List<Sample> slice = samples.subList(from, Math.min(samples.size(), from + settings.samplesPerRequest()));
            ImportBatch batch = ImportBatch.encode(slice);
            sendOrder.lock();
            try {
                if (!spool.isEmpty()) {
                    spool(batch);
                    continue;
                }
                switch (sendWithRetries(batch, slice.get(0))) {
                    case ACCEPTED -> sentSamples.addAndGet(batch.samples());
                    case REJECTED -> rejectedSamples.addAndGet(batch.samples());
                    case UNAVAILABLE -> spool(batch);
                }
            } finally {
                sendOrder.unlock();
            }
        }
    }

    /**
     * Sends spooled batches oldest first, one attempt each, until the spool is empty, VictoriaMetrics
     * fails, or {@link VictoriaMetricsSettings#replayBudget()} is used up.
     *
     * @return samples VictoriaMetrics accepted in this call
     */
    public long replayPending() {
        return replayPending(oldest -> { });
    }

    /**
     * The same, telling {@code lateSince} the earliest sample timestamp (epoch millis) of each batch
     * VictoriaMetrics accepted: samples that arrive this late may belong to hours already rolled up.
     */
    public long replayPending(java.util.function.LongConsumer lateSince) {
        long replayed = 0;
        long deadline = System.nanoTime() + settings.replayBudget().toNanos();
        while (System.nanoTime() < deadline) {
            sendOrder.lock();
            try {
                Optional<DiskSpool.Segment> oldest = spool.oldest();
                if (oldest.isEmpty()) {
                    break;
                }
                DiskSpool.Segment segment = oldest.get();
                ImportBatch batch;
                try {
                    batch = spool.read(segment);
                } catch (IOException e) {
                    spool.dropUnreadable(segment, e);
                    continue;
                }
                Outcome outcome = send(batch, null);
                if (outcome == Outcome.UNAVAILABLE) {
                    break;
                }
                spool.remove(segment);
                if (outcome == Outcome.ACCEPTED) {
                    replayedSamples.addAndGet(batch.samples());
                    replayed += batch.samples();
                    lateSince.accept(batch.oldestMillis());
                } else {
                    rejectedSamples.addAndGet(batch.samples());
                }
            } finally {
                sendOrder.unlock();
            }
        }
        if (replayed > 0) {
            LOG.info("replayed " + replayed + " spooled samples to VictoriaMetrics; " + spool.pendingSamples() + " still spooled");
        }
        return replayed;
    }

    /**
     * Sends the samples now, never to the spool (derived points that are recorded as stored only
     * once VictoriaMetrics took them). Whether every request was accepted; false as soon as one was
     * not, in which case the ones before it may be stored.
     */
    public boolean writeNow(List<Sample> samples) {
        for (int from = 0; from < samples.size(); from += settings.samplesPerRequest()) {
            List<Sample> slice = samples.subList(from, Math.min(samples.size(), from + settings.samplesPerRequest()));
            if (sendWithRetries(ImportBatch.encode(slice), slice.get(0)) != Outcome.ACCEPTED) {
                return false;
            }
            sentSamples.addAndGet(slice.size());
        }
        return true;
    }

    private void spool(ImportBatch batch) {
        spool.append(batch);
        spooledSamples.addAndGet(batch.samples());
    }

    private Outcome sendWithRetries(ImportBatch batch, Sample example) {
        Duration backoff = settings.initialBackoff();
        for (int attempt = 1; ; attempt++) {
            Outcome outcome = send(batch, example);
            if (outcome != Outcome.UNAVAILABLE || attempt == settings.maxAttempts()) {
                return outcome;
            }
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                // Shutting down: the spool keeps the batch.
                Thread.currentThread().interrupt();
                return Outcome.UNAVAILABLE;
            }
            backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff.multipliedBy(2);
        }
    }

    /** One request. {@code example} is a sample of the batch for the log, when there is one at hand. */
    private Outcome send(ImportBatch batch, Sample example) {
        HttpRequest request = HttpRequest.newBuilder(settings.importUri())
                .timeout(settings.requestTimeout())
                .header("Content-Encoding", "gzip")
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch.gzipped()))
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(ERROR_BODY_BYTES), StandardCharsets.UTF_8).strip();
            }
            if (status / 100 == 2) {
                return Outcome.ACCEPTED;
            }
            if (status >= 500 || status == 408 || status == 429) {
                LOG.warning("VictoriaMetrics answered " + status + " to " + batch.samples() + " samples: " + body);
                return Outcome.UNAVAILABLE;
            }
            LOG.severe("VictoriaMetrics refused " + batch.samples() + " samples with " + status + " (a bug in what we send;"
                    + " not retried, counted as rejected): " + body + (example == null ? "" : "; first sample " + example));
            return Outcome.REJECTED;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "VictoriaMetrics at " + settings.importUri() + " unavailable: " + e);
            return Outcome.UNAVAILABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.UNAVAILABLE;
        }
    }

    /** Samples VictoriaMetrics accepted when first written. */
    public long sentSamples() {
        return sentSamples.get();
    }

    /** Samples that went to the spool, whether since replayed, dropped or still there. */
    public long spooledSamples() {
        return spooledSamples.get();
    }

    /** Spooled samples VictoriaMetrics has since accepted. */
    public long replayedSamples() {
        return replayedSamples.get();
    }

    /** Samples VictoriaMetrics refused with a 4xx: each one a bug to find in the log. */
    public long rejectedSamples() {
        return rejectedSamples.get();
    }

    /** Spooled samples deleted unsent because the spool was full. */
    public long droppedSamples() {
        return spool.droppedSamples();
    }

    public long pendingSamples() {
        return spool.pendingSamples();
    }

    @Override
    public void close() {
        spool.close();
    }
}
