package ge.wardops.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Batches VictoriaMetrics did not take yet, one file per batch in one directory, oldest first. A
 * segment appears whole or not at all (written aside, synced, then renamed), so a JVM that dies
 * mid-write leaves no half batch; the next instance on the directory finds every whole one. Past
 * {@code maxBytes} the oldest segments are deleted and their samples counted as dropped: recent
 * data matters more to operators than old, and a full disk would stop the server.
 * <p>
 * One writer per directory: a lock file refuses a second one, which would replay the same data.
 */
public final class DiskSpool implements AutoCloseable {

    /**
     * 1 GiB: about a day of 10,000 devices' ping samples (3 series every 30 s = 1,000 samples/s at
     * 10-14 bytes each gzipped, measured), enough to ride out a night without VictoriaMetrics.
     */
    public static final long DEFAULT_MAX_BYTES = 1024L * 1024 * 1024;

    private static final Logger LOG = Logger.getLogger(DiskSpool.class.getName());
    /** sequence.samples.prom.gz: the order and the sample count are readable without opening the file. */
    private static final Pattern SEGMENT = Pattern.compile("(\\d{20})\\.(\\d+)\\.prom\\.gz");
    private static final String PARTIAL = ".partial";

    /** One spooled batch. */
    record Segment(long sequence, int samples, long bytes, Path file) {
    }

    private final Path directory;
    private final long maxBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private long nextSequence;
    private long pendingBytes;
    private long pendingSamples;
    private long droppedSamples;

    public DiskSpool(Path directory, long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        this.directory = directory;
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(directory);
            lockChannel = FileChannel.open(directory.resolve("spool.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = tryLock(lockChannel);
            if (lock == null) {
                lockChannel.close();
                throw new IllegalStateException("another writer already spools into " + directory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the spool at " + directory, e);
        }
        try {
            recover();
        } catch (IOException | RuntimeException e) {
            close();
            throw new IllegalStateException("cannot read the spool at " + directory, e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            return null;
        }
    }

    /** Finds the segments a previous instance left, and clears the partial file it may have died writing. */
    private void recover() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                Matcher m = SEGMENT.matcher(name);
                if (m.matches()) {
                    long sequence = Long.parseLong(m.group(1));
                    segments.put(sequence, new Segment(sequence, Integer.parseInt(m.group(2)), Files.size(file), file));
                } else if (name.endsWith(PARTIAL)) {
                    Files.delete(file);
                }
            }
        }
        segments.values().forEach(s -> {
            pendingBytes += s.bytes();
            pendingSamples += s.samples();
        });
        nextSequence = segments.isEmpty() ? 1 : segments.lastKey() + 1;
        if (!segments.isEmpty()) {
            LOG.info("spool " + directory + " holds " + pendingSamples + " samples in " + segments.size()
                    + " segments from before; they are replayed first");
        }
        dropOldestUntilFits(0);
    }

    synchronized boolean isEmpty() {
        return segments.isEmpty();
    }

    /** Keeps the batch behind everything already spooled; drops the oldest segments if the limit needs it. */
    synchronized void append(ImportBatch batch) {
        long size = batch.gzipped().length;
        if (size > maxBytes) {
            drop(batch.samples(), "a batch larger than the whole spool (" + size + " bytes)");
            return;
        }
        dropOldestUntilFits(size);
        long sequence = nextSequence++;
        Path file = directory.resolve(String.format("%020d.%d.prom.gz", sequence, batch.samples()));
        Path partial = directory.resolve(file.getFileName() + PARTIAL);
        try {
            try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(batch.gzipped());
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory();
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new UncheckedIOException("cannot spool " + batch.samples() + " samples to " + directory, e);
        }
        segments.put(sequence, new Segment(sequence, batch.samples(), size, file));
        pendingBytes += size;
        pendingSamples += batch.samples();
    }

    synchronized Optional<Segment> oldest() {
        return segments.isEmpty() ? Optional.empty() : Optional.of(segments.firstEntry().getValue());
    }

    ImportBatch read(Segment segment) throws IOException {
        return new ImportBatch(Files.readAllBytes(segment.file()), segment.samples());
    }

    /** After VictoriaMetrics took (or refused for good) the segment; a segment already dropped is a no-op. */
    synchronized void remove(Segment segment) {
        if (segments.remove(segment.sequence()) != null) {
            pendingBytes -= segment.bytes();
            pendingSamples -= segment.samples();
            deleteQuietly(segment.file());
        }
    }

    /** A segment that can no longer be read is lost; counted like one dropped for space. */
    synchronized void dropUnreadable(Segment segment, IOException why) {
        if (segments.containsKey(segment.sequence())) {
            remove(segment);
            drop(segment.samples(), "an unreadable segment " + segment.file() + " (" + why.getMessage() + ")");
        }
    }

    private void dropOldestUntilFits(long incoming) {
        while (!segments.isEmpty() && pendingBytes + incoming > maxBytes) {
            Segment oldest = segments.firstEntry().getValue();
            remove(oldest);
            drop(oldest.samples(), "the oldest segment, to stay within " + maxBytes + " bytes");
        }
    }

    private void drop(int samples, String what) {
        droppedSamples += samples;
        LOG.warning("spool " + directory + " dropped " + samples + " samples: " + what + "; " + droppedSamples + " dropped so far");
    }

    private void syncDirectory() throws IOException {
        // Without it the rename itself may not survive a power cut.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warning("cannot delete " + file + ": " + e.getMessage());
        }
    }

    public synchronized long pendingSamples() {
        return pendingSamples;
    }

    public synchronized long pendingBytes() {
        return pendingBytes;
    }

    public synchronized int pendingSegments() {
        return segments.size();
    }

    /** Samples deleted unsent: the oldest ones past the size limit, or unreadable. */
    public synchronized long droppedSamples() {
        return droppedSamples;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public synchronized void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warning("cannot release the spool lock in " + directory + ": " + e.getMessage());
        }
    }
}
