package ge.wardops.events;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The syslog receiver: one UDP socket (one message per datagram) and one TCP listener (RFC 6587:
 * octet counting, {@code 123 <PRI>...}, or a message per line), on the same address and port. A
 * message longer than {@code syslog.max-message-bytes} is cut (UDP, marked {@code truncated}) or, on
 * TCP, counted as malformed and skipped (a line) or ends the connection (an octet count above the
 * limit: the stream can no longer be trusted). At most {@code syslog.max-connections} TCP senders at
 * once, and {@code syslog.max-connections-per-source} from one address (a flood of connections from
 * one source is closed and counted, and cannot take the others' places), each closed after ten idle
 * minutes. Each message becomes one event offered to the intake.
 */
public final class SyslogListener implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SyslogListener.class.getName());
    /** A TCP sender silent this long is disconnected (it reconnects when it has something to say). */
    static final int IDLE_MILLIS = 10 * 60 * 1000;

    private final EventIntake intake;
    private final Clock clock;
    private final int maxBytes;
    private final int maxConnections;
    private final int maxPerSource;
    /** Open TCP connections per sender address (only the accept thread adds; readers remove). */
    private final Map<InetAddress, Integer> perSource = new ConcurrentHashMap<>();
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final ThreadFactory threads;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public SyslogListener(EventSettings settings, EventIntake intake, Clock clock, ThreadFactory threads) throws IOException {
        this.intake = intake;
        this.clock = clock;
        this.maxBytes = settings.syslogMaxMessageBytes();
        this.maxConnections = settings.syslogMaxConnections();
        this.maxPerSource = settings.syslogMaxConnectionsPerSource();
        this.threads = threads;
        InetSocketAddress at = new InetSocketAddress(InetAddress.getByName(settings.syslogAddress()), settings.syslogPort());
        udp = new DatagramSocket(null);
        udp.setReceiveBufferSize(ReceiveBuffers.WANTED);
        ReceiveBuffers.warnIfCapped(LOG, "syslog (UDP " + settings.syslogPort() + ")");
        udp.bind(at);
        tcp = new ServerSocket();
        tcp.setReuseAddress(true);
        try {
            tcp.bind(at, 128);
        } catch (IOException e) {
            udp.close();
            throw e;
        }
        threads.newThread(this::receiveUdp).start();
        threads.newThread(this::accept).start();
    }

    public int port() {
        return udp.getLocalPort();
    }

    private void receiveUdp() {
        byte[] buffer = new byte[maxBytes + 1];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!closed) {
            try {
                packet.setLength(buffer.length);
                udp.receive(packet);
                int length = Math.min(packet.getLength(), maxBytes);
                message(trimEnd(new String(buffer, 0, length, StandardCharsets.UTF_8)), packet.getAddress(), packet.getLength() > maxBytes);
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "Syslog UDP receive failed; receiving on", e);
                }
            } catch (RuntimeException e) {
                intake.malformed(packet.getAddress(), "syslog datagram could not be handled: " + e);
            }
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = tcp.accept();
                InetAddress from = s.getInetAddress();
                if (connections.size() >= maxConnections) {
                    intake.refused(from, "more than " + maxConnections + " syslog TCP connections");
                    s.close();
                    continue;
                }
                if (perSource.getOrDefault(from, 0) >= maxPerSource) {
                    intake.refused(from, "more than " + maxPerSource + " syslog TCP connections from one source");
                    s.close();
                    continue;
                }
                perSource.merge(from, 1, Integer::sum);
                s.setSoTimeout(IDLE_MILLIS);
                connections.add(s);
                threads.newThread(() -> read(s)).start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "Syslog TCP accept failed; accepting on", e);
                }
            }
        }
    }

    private void read(Socket s) {
        InetAddress source = s.getInetAddress();
        try (s; InputStream in = new BufferedInputStream(s.getInputStream())) {
            while (!closed) {
                in.mark(1);
                int first = in.read();
                if (first < 0) {
                    return;
                }
                in.reset();
                if (first >= '1' && first <= '9') {
                    if (!octetCounted(in, source)) {
                        return;
                    }
                } else if (!lineFramed(in, source)) {
                    return;
                }
            }
        } catch (SocketTimeoutException e) {
            LOG.fine(() -> "Syslog TCP sender " + source + " idle; disconnected");
        } catch (IOException e) {
            LOG.log(Level.FINE, "Syslog TCP connection from " + source + " ended", e);
        } finally {
            connections.remove(s);
            perSource.computeIfPresent(source, (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** {@code LENGTH SP MESSAGE}; false when the stream ended or cannot be trusted any more. */
    private boolean octetCounted(InputStream in, InetAddress source) throws IOException {
        int length = 0;
        int digits = 0;
        int c;
        while ((c = in.read()) >= '0' && c <= '9') {
            length = length * 10 + (c - '0');
            if (++digits > 9) {
                break;
            }
        }
        if (c != ' ' || length > maxBytes) {
            intake.malformed(source, c == ' ' ? "octet count " + length + " above syslog.max-message-bytes " + maxBytes
                    : "octet counting frame without its space; connection closed");
            return false;
        }
        byte[] frame = in.readNBytes(length);
        if (frame.length < length) {
            return false;
        }
        message(trimEnd(new String(frame, StandardCharsets.UTF_8)), source, false);
        return true;
    }

    /** A message up to LF; a longer line than allowed is counted and skipped. False at the stream's end. */
    private boolean lineFramed(InputStream in, InetAddress source) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        boolean tooLong = false;
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (line.size() < maxBytes) {
                line.write(c);
            } else {
                tooLong = true;
            }
        }
        if (tooLong) {
            intake.malformed(source, "syslog line longer than syslog.max-message-bytes " + maxBytes + "; skipped");
        } else if (line.size() > 0) {
            message(trimEnd(line.toString(StandardCharsets.UTF_8)), source, false);
        }
        return c >= 0;
    }

    private void message(String text, InetAddress source, boolean truncated) {
        if (text.isEmpty()) {
            return;
        }
        try {
            ReceivedEvent e = SyslogParser.parse(text, source, clock.instant());
            if (truncated) {
                java.util.Map<String, String> fields = new java.util.LinkedHashMap<>(e.fields());
                fields.put("truncated", "true");
                e = new ReceivedEvent(e.at(), e.source(), e.kind(), e.severity(), e.name(), e.message(), fields, e.raw());
            }
            intake.offer(e);
        } catch (SyslogParser.Malformed m) {
            intake.malformed(source, "not syslog: " + m.getMessage());
        }
    }

    private static String trimEnd(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r' || s.charAt(end - 1) == '\0')) {
            end--;
        }
        return s.substring(0, end);
    }

    @Override
    public void close() {
        closed = true;
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing the syslog TCP listener", e);
        }
        for (Socket s : connections) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "closing a syslog connection", e);
            }
        }
    }
}
