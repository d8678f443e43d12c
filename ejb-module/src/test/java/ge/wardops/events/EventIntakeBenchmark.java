package ge.wardops.events;

import ge.wardops.testsupport.MigratedSchema;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sustained event intake (docs/performance.md, "Events"): the real trap and syslog receivers on
 * loopback, the intake, and one thread storing batches into the events table on PostgreSQL as the
 * runtime role, exactly as EventPipeline does. A sender paces v2c linkDown traps (a packet captured
 * from Debian's snmptrap) and RFC 5424 syslog datagrams at a target rate from 100 loopback sources
 * (each below the per-source limit) for a fixed time; the result says how many were sent, received,
 * stored and lost, the stored rate, and the heap used. Not a test: run by deployment/bench/traps.
 *
 * <p>Arguments: rate per second per kind (5000), seconds (20), port base (16250).
 */
public final class EventIntakeBenchmark {

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int base = args.length > 2 ? Integer.parseInt(args[2]) : 16250;
        MigratedSchema schema = MigratedSchema.fresh("events_bench");
        Connection app = schema.runtimeConnection();
        app.setAutoCommit(false);
        EventStore.preparePartitions(app, LocalDate.now(ZoneOffset.UTC), 3);
        app.commit();
        Map<InetAddress, EventStore.DeviceRef> addresses = new HashMap<>();

        EventSettings settings = EventSettings.defaults().withTrapListener("127.0.0.1", base).withSyslogListener("127.0.0.1", base + 1);
        EventIntake intake = new EventIntake(settings);
        MibNames standard = MibCompiler.compile(MibCompiler.bundled()).names();
        TrapListener traps = new TrapListener(settings, intake, Clock.systemUTC(), () -> standard);
        SyslogListener syslog = new SyslogListener(settings, intake, Clock.systemUTC(), r -> {
            Thread t = new Thread(r, "bench-syslog");
            t.setDaemon(true);
            return t;
        });
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong storeNanos = new AtomicLong();
        // As EventPipeline: one drainer splits by source (StoreLanes) among store-workers workers, each on its own connection.
        int workers = Integer.getInteger("bench.store-workers", settings.storeWorkers());
        List<java.util.concurrent.BlockingQueue<List<ReceivedEvent>>> lanes = new ArrayList<>();
        List<Thread> storeThreads = new ArrayList<>();
        AtomicBoolean draining = new AtomicBoolean(true);
        for (int w = 0; w < workers; w++) {
            java.util.concurrent.BlockingQueue<List<ReceivedEvent>> lane = new java.util.concurrent.ArrayBlockingQueue<>(2);
            lanes.add(lane);
            Connection own = w == 0 ? app : schema.runtimeConnection();
            own.setAutoCommit(false);
            Thread worker = new Thread(() -> {
                try {
                    while (draining.get() || !lane.isEmpty()) {
                        List<ReceivedEvent> batch = lane.poll(100, TimeUnit.MILLISECONDS);
                        if (batch != null) {
                            long t0 = System.nanoTime();
                            int n = EventStore.insert(own, batch, addresses).size();
                            own.commit();
                            storeNanos.addAndGet(System.nanoTime() - t0);
                            intake.storedOk(n);
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "bench-store-" + w);
            worker.start();
            storeThreads.add(worker);
        }
        Thread store = new Thread(() -> {
            List<ReceivedEvent> batch = new ArrayList<>(settings.batchSize() * workers);
            try {
                while (running.get() || intake.counters().queued() > 0) {
                    batch.clear();
                    if (intake.drain(batch, settings.batchSize() * workers, 100) > 0) {
                        List<List<ReceivedEvent>> split = StoreLanes.split(batch, workers);
                        for (int w = 0; w < workers; w++) {
                            if (!split.get(w).isEmpty()) {
                                lanes.get(w).put(split.get(w));
                            }
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                draining.set(false);
            }
        }, "bench-drain");
        store.start();

        byte[] trap = capturedTrap(base + 2);
        int sources = 100;
        List<DatagramSocket> senders = new ArrayList<>();
        for (int i = 0; i < sources; i++) {
            senders.add(new DatagramSocket(new InetSocketAddress("127.0.1." + (i + 1), 0)));
        }
        InetSocketAddress trapTo = new InetSocketAddress("127.0.0.1", base);
        InetSocketAddress syslogTo = new InetSocketAddress("127.0.0.1", base + 1);
        long sent = 0;
        long start = System.nanoTime();
        long total = (long) rate * seconds;
        for (long i = 0; i < total; i++) {
            // Pace: packet i of each kind leaves at i / rate seconds.
            long due = start + i * 1_000_000_000L / rate;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            DatagramSocket s = senders.get((int) (i % sources));
            s.send(new DatagramPacket(trap, trap.length, trapTo));
            byte[] line = ("<187>1 2026-12-05T10:00:00Z bench-host bgpd - - - neighbor 10.0.0." + (i % 250) + " Down " + i)
                    .getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(line, line.length, syslogTo));
            sent += 2;
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        // Let the receivers and the store finish what is in flight.
        long before = -1;
        for (int i = 0; i < 100; i++) {
            long now = intake.counters().stored();
            if (now == before && intake.counters().queued() == 0) {
                break;
            }
            before = now;
            Thread.sleep(200);
        }
        double allSeconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        store.join(TimeUnit.SECONDS.toMillis(30));
        for (Thread t : storeThreads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        EventIntake.Counters c = intake.counters();
        Runtime rt = Runtime.getRuntime();
        long heapMiB = (rt.totalMemory() - rt.freeMemory()) >> 20;
        System.out.printf("{\"ratePerKind\":%d,\"seconds\":%d,\"sent\":%d,\"received\":%d,\"stored\":%d,\"lost\":%d,"
                        + "\"droppedRateLimited\":%d,\"droppedQueueFull\":%d,\"malformed\":%d,\"sendSeconds\":%.2f,"
                        + "\"storedPerSecond\":%.0f,\"storeBusyPercent\":%.1f,\"heapUsedMiB\":%d}%n",
                rate, seconds, sent, c.received(), c.stored(), sent - c.stored(), c.droppedRateLimited(), c.droppedQueueFull(),
                c.malformed(), sendSeconds, c.stored() / allSeconds, 100.0 * storeNanos.get() / 1e9 / allSeconds / workers, heapMiB);
        traps.close();
        syslog.close();
        senders.forEach(DatagramSocket::close);
        app.close();
        try (var s = schema.connection().createStatement()) {
            s.execute("DROP SCHEMA events_bench CASCADE");
        }
        schema.connection().close();
    }

    /** One linkDown trap as Debian's snmptrap encodes it, captured on a socket of our own. */
    private static byte[] capturedTrap(int capturePort) throws Exception {
        try (DatagramSocket capture = new DatagramSocket(new InetSocketAddress("127.0.0.1", capturePort))) {
            capture.setSoTimeout(10_000);
            Process p = new ProcessBuilder("snmptrap", "-v", "2c", "-c", "public", "127.0.0.1:" + capturePort, "",
                    "1.3.6.1.6.3.1.1.5.3", "1.3.6.1.2.1.2.2.1.1.3", "i", "3", "1.3.6.1.2.1.2.2.1.2.3", "s", "GigabitEthernet0/3",
                    "1.3.6.1.2.1.2.2.1.8.3", "i", "2").inheritIO().start();
            DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
            capture.receive(packet);
            p.waitFor(10, TimeUnit.SECONDS);
            return java.util.Arrays.copyOf(packet.getData(), packet.getLength());
        }
    }

    private EventIntakeBenchmark() {
    }
}
