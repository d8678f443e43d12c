package ge.wardops.audit.chain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The auditors' command: verifies a JSON lines export (and archives) of the audit log against the
 * signed anchors and the anchor public key, without the server or the database; with the HMAC key
 * file too, also every row's keyed hash. Exit code 0 when everything holds, 1 with the first bad
 * row, 2 when the input cannot be read. See docs/audit.md.
 * <pre>
 * java -cp wardops-ejb.jar ge.wardops.audit.chain.OfflineVerifier --public-key anchor.pub \
 *      --anchors anchors.jsonl [--keys audit-chain.keys] audit-1-5000.jsonl.gz export.jsonl
 * </pre>
 */
public final class OfflineVerifier {

    private OfflineVerifier() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The command without System.exit, for tests: returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path publicKey = null;
        Path keys = null;
        List<Path> anchorFiles = new ArrayList<>();
        List<Path> rowFiles = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--public-key") || a.equals("--anchors") || a.equals("--keys")) && i + 1 < args.length) {
                Path p = Path.of(args[++i]);
                switch (a) {
                    case "--public-key" -> publicKey = p;
                    case "--anchors" -> anchorFiles.add(p);
                    default -> keys = p;
                }
            } else if (a.startsWith("--")) {
                return usage(err, "unknown option " + a);
            } else {
                rowFiles.add(Path.of(a));
            }
        }
        if (publicKey == null || anchorFiles.isEmpty() || rowFiles.isEmpty()) {
            return usage(err, "--public-key, --anchors and at least one export file are needed");
        }
        ChainVerifier.Result result;
        long lines = 0;
        try {
            PublicKey key = AnchorKeys.publicKey(Files.readString(publicKey));
            ChainKeys chainKeys = keys == null ? null : ChainKeys.parse(Files.readString(keys), keys.toString());
            List<Anchor> anchors = new ArrayList<>();
            for (Path f : anchorFiles) {
                eachLine(f, line -> anchors.add(Anchor.fromJsonLine(line)));
            }
            ChainVerifier verifier = new ChainVerifier(chainKeys, false, null, null, anchors, key);
            long[] read = {0};
            try {
                for (Path f : rowFiles) {
                    eachLine(f, line -> {
                        read[0]++;
                        verifier.accept(ChainRow.fromJsonLine(line));
                    });
                }
            } finally {
                lines = read[0];
            }
            result = verifier.finish();
            out.println("rows " + result.rows() + " (ids " + result.firstId() + ".." + result.lastId() + "), "
                    + (chainKeys == null ? "keyed hashes not checked (no --keys)" : result.hashesVerified() + " keyed hashes verified")
                    + ", anchors: " + anchors.size() + " read, " + result.anchorsHeld() + " hold, " + result.segmentsVerified()
                    + " with their rows' content verified, " + result.anchorsNotCovered() + " about rows before this export");
            if (result.lastAnchor() != null) {
                Anchor last = result.lastAnchor();
                out.println("last anchor: row " + last.lastId() + " hash " + last.lastHash() + " at " + last.anchoredAt()
                        + " (key " + last.key() + ")");
                if (result.lastId() != null && result.lastId() > last.lastId()) {
                    out.println("rows " + (last.lastId() + 1) + ".." + result.lastId() + " come after the last anchor: "
                            + (chainKeys == null ? "only their links are checked" : "checked by their keyed hashes"));
                }
            }
        } catch (IOException | RuntimeException e) {
            err.println("cannot verify: " + e.getMessage() + (lines > 0 ? " (at line " + lines + " of the export)" : ""));
            return 2;
        }
        if (result.intact()) {
            out.println("OK: the export matches the signed anchors");
            return 0;
        }
        ChainVerifier.Finding first = result.firstBad();
        out.println("FAILED at row " + first.id() + ": " + first.problem() + ": " + first.detail());
        for (ChainVerifier.Finding f : result.findings().subList(1, Math.min(result.findings().size(), 10))) {
            out.println("  also row " + f.id() + ": " + f.problem() + ": " + f.detail());
        }
        return 1;
    }

    private static void eachLine(Path file, java.util.function.Consumer<String> each) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    each.accept(line);
                }
            }
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println(problem);
        err.println("usage: java -cp wardops-ejb.jar " + OfflineVerifier.class.getName()
                + " --public-key anchor.pub --anchors anchors.jsonl [--anchors more.jsonl] [--keys audit-chain.keys]"
                + " [archive.jsonl.gz ...] export.jsonl");
        return 2;
    }
}
