package ge.wardops.audit;

import ge.wardops.audit.chain.Anchor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The append-only file of signed anchors ({@code anchors.jsonl} in the anchor folder): one JSON
 * line per anchor, appended under a file lock and forced to disk. The folder is the place to point
 * at WORM storage; the application only ever appends to the file and never rewrites it.
 */
public final class AnchorFile {

    private static final Logger LOG = Logger.getLogger(AnchorFile.class.getName());

    private final Path file;

    public AnchorFile(Path directory) {
        this.file = directory.resolve("anchors.jsonl");
    }

    public Path path() {
        return file;
    }

    public void append(Anchor anchor) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] line = (anchor.toJsonLine() + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
             FileLock lock = out.lock()) {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
    }

    /** Every anchor in the file, oldest first; a line that is not an anchor is logged and skipped. */
    public List<Anchor> readAll() throws IOException {
        List<Anchor> anchors = new ArrayList<>();
        if (!Files.exists(file)) {
            return anchors;
        }
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            try {
                anchors.add(Anchor.fromJsonLine(line));
            } catch (RuntimeException e) {
                int lineNo = n;
                LOG.severe(() -> "Line " + lineNo + " of the audit anchor file " + file + " is not an anchor: " + e.getMessage());
            }
        }
        return anchors;
    }
}
