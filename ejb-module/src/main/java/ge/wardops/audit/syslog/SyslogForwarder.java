package ge.wardops.audit.syslog;

import ge.wardops.audit.AuditRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends audit rows to syslog from one thread of its own. {@link #offer} never waits: a full queue
 * (the server is slow or gone) counts the row as dropped; a row the network refuses is counted as
 * failed after one reconnect. The database stays the record; syslog is a copy for the SIEM, and
 * the counters (exported as metrics) say when the copy has gaps.
 */
public final class SyslogForwarder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SyslogForwarder.class.getName());
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final SyslogSettings settings;
    private final BlockingQueue<AuditRecord> queue;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread worker;
    private volatile boolean running = true;

    private DatagramSocket udp;
    private Socket tcp;
    private long backoff;

    public SyslogForwarder(SyslogSettings settings, ThreadFactory threads) {
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueSize());
        this.worker = threads.newThread(this::run);
        worker.setName("wardops-audit-syslog");
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues a row for sending; false (and counted as dropped) when the queue is full. */
    public boolean offer(AuditRecord row) {
        if (running && queue.offer(row)) {
            return true;
        }
        if (dropped.incrementAndGet() % 1000 == 1) {
            LOG.warning(() -> "Syslog forwarding queue full (" + settings.queueSize() + "): " + dropped.get()
                    + " audit rows not forwarded so far; they stay in the database");
        }
        return false;
    }

    public long sent() { return sent.get(); }
    public long dropped() { return dropped.get(); }
    public long failed() { return failed.get(); }
    public int queued() { return queue.size(); }

    private void run() {
        while (running || !queue.isEmpty()) {
            AuditRecord row;
            try {
                row = queue.poll(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
                continue;
            }
            if (row == null) {
                continue;
            }
            try {
                byte[] message = SyslogMessage.format(row, settings.facility(), settings.hostname());
                if (sendWithOneRetry(message)) {
                    sent.incrementAndGet();
                    backoff = 0;
                } else {
                    failed.incrementAndGet();
                    pause();
                }
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                LOG.log(Level.WARNING, "An audit row could not be formatted for syslog", e);
            }
        }
        closeConnections();
    }

    private boolean sendWithOneRetry(byte[] message) {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                send(message);
                return true;
            } catch (IOException e) {
                closeConnections();
                if (attempt == 1) {
                    LOG.log(Level.FINE, "Syslog send failed", e);
                    if (failed.get() % 100 == 0) {
                        LOG.warning(() -> "Audit rows cannot reach syslog at " + settings.host() + ":" + settings.port()
                                + " (" + settings.protocol() + "): " + e.getMessage());
                    }
                }
            }
        }
        return false;
    }

    private void send(byte[] message) throws IOException {
        if (settings.protocol() == SyslogSettings.Protocol.UDP) {
            if (udp == null) {
                udp = new DatagramSocket();
            }
            udp.send(new DatagramPacket(message, message.length, new InetSocketAddress(settings.host(), settings.port())));
        } else {
            if (tcp == null) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(settings.host(), settings.port()), settings.connectTimeoutMillis());
                s.setSoTimeout(settings.connectTimeoutMillis());
                tcp = s;
            }
            OutputStream out = tcp.getOutputStream();
            out.write(SyslogMessage.octetCounted(message));
            out.flush();
        }
    }

    /** After a failure, waits a little longer each time (bounded) so a dead server costs no busy loop. */
    private void pause() {
        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff == 0 ? 100 : backoff * 2);
        try {
            Thread.sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeConnections() {
        if (udp != null) {
            udp.close();
            udp = null;
        }
        if (tcp != null) {
            try {
                tcp.close();
            } catch (IOException ignored) {
                // Closing a broken connection.
            }
            tcp = null;
        }
    }

    /** Sends what is queued (for at most {@code waitMillis}), then stops the thread. */
    public void close(long waitMillis) {
        running = false;
        try {
            worker.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.interrupt();
    }

    @Override
    public void close() {
        close(2_000);
    }
}
