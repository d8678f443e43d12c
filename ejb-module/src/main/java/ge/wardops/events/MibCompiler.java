package ge.wardops.events;

import org.jsmiparser.parser.SmiDefaultParser;
import org.jsmiparser.smi.SmiMib;
import org.jsmiparser.util.location.Location;
import org.jsmiparser.util.problem.AbstractProblemEventHandler;
import org.jsmiparser.util.problem.ProblemEvent;
import org.jsmiparser.util.problem.annotations.ProblemSeverity;
import org.jsmiparser.util.token.Token;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Compiles MIB modules with jsmiparser (SMIv1 and SMIv2; imports resolved across the set) into
 * {@link MibNames}. Sources are kept in memory (a {@code mib:} URL per file), never written to disk.
 * The standard modules and the common Cisco and Fortinet trap MIBs ship in the EAR ({@link #bundled()});
 * administrators add more ({@link MibLibrary}). Problems come back with the file, line and the parser's reason.
 */
public final class MibCompiler {

    /** One MIB file: its name (as uploaded) and its text. */
    public record Source(String fileName, String text) {
    }

    /** A problem the parser found: in which file, at which line (0 when it names none), and why. */
    public record Problem(String fileName, int line, String reason) {
        @Override
        public String toString() {
            return fileName + (line > 0 ? " line " + line : "") + ": " + reason;
        }
    }

    /** The names of the whole set, and what was wrong (empty when every module compiled). */
    public record Result(MibNames names, List<Problem> problems) {
    }

    /**
     * The modules shipped with WARD OPS, in src/main/resources/ge/wardops/events/mibs (where each comes from: the README
     * there), each after the modules it imports from: the standard ones, ENTITY-MIB, then the common Cisco and Fortinet
     * trap MIBs.
     */
    static final List<String> BUNDLED = List.of("SNMPv2-SMI", "SNMPv2-TC", "SNMPv2-CONF", "SNMPv2-MIB", "IANAifType-MIB", "IF-MIB",
            "SNMP-FRAMEWORK-MIB", "SNMP-TARGET-MIB", "SNMP-COMMUNITY-MIB", "INET-ADDRESS-MIB", "IPV6-TC", "HCNUM-TC",
            "UUID-TC-MIB", "IANA-ENTITY-MIB", "ENTITY-MIB",
            "CISCO-SMI", "CISCO-TC", "CISCO-CONFIG-MAN-MIB", "CISCO-ENVMON-MIB", "CISCO-SYSLOG-MIB",
            "FORTINET-CORE-MIB", "FORTINET-FORTIGATE-MIB");

    private static final Pattern MODULE = Pattern.compile("(?m)^\\s*([A-Za-z][A-Za-z0-9-]{0,63})\\s+DEFINITIONS\\s*::=\\s*BEGIN");
    private static final String SCHEME = "mib";

    private MibCompiler() {
    }

    /** The bundled modules' sources, in {@link #BUNDLED} order. */
    public static List<Source> bundled() {
        List<Source> sources = new ArrayList<>();
        for (String module : BUNDLED) {
            String file = module + ".txt";
            try (InputStream in = MibCompiler.class.getResourceAsStream("mibs/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("bundled MIB " + file + " is missing from the build");
                }
                sources.add(new Source(file, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sources;
    }

    /** The names of the modules a MIB file defines ({@code IF-MIB DEFINITIONS ::= BEGIN}), in order. */
    public static List<String> modules(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = MODULE.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Compiles {@code sources} together; what failed is reported, what compiled is named all the same. */
    public static Result compile(List<Source> sources) {
        List<Problem> problems = new ArrayList<>();
        AbstractProblemEventHandler handler = new AbstractProblemEventHandler() {
            @Override
            public void handle(ProblemEvent event) {
                super.handle(event);
                if (event.getSeverity() != null && event.getSeverity().compareTo(ProblemSeverity.ERROR) >= 0) {
                    problems.add(problem(event));
                }
            }
        };
        SmiDefaultParser parser = new SmiDefaultParser(handler);
        parser.setFailOnError(false);
        Map<String, String> texts = sources.stream().collect(Collectors.toMap(Source::fileName, Source::text, (a, b) -> b));
        List<URL> urls = new ArrayList<>();
        for (Source s : sources) {
            urls.add(url(s.fileName(), texts));
        }
        parser.getFileParserPhase().setInputUrls(urls);
        SmiMib mib;
        try {
            mib = parser.parse();
        } catch (RuntimeException e) {
            // jsmiparser throws where it cannot go on (SmiException and worse); the problems reported so far say why.
            if (problems.isEmpty()) {
                problems.add(new Problem("?", 0, String.valueOf(e.getMessage())));
            }
            return new Result(MibNames.empty(), List.copyOf(problems));
        } catch (StackOverflowError e) {
            // The parser recurses per nesting level: a file nested absurdly deep is refused, not a failed request.
            problems.add(new Problem("?", 0, "nested too deeply to parse"));
            return new Result(MibNames.empty(), List.copyOf(problems));
        }
        return new Result(mib == null ? MibNames.empty() : MibNames.of(mib), List.copyOf(problems));
    }

    /** The event's own location, or else the first token among its arguments that has one (cross-reference errors). */
    private static Problem problem(ProblemEvent event) {
        Location at = event.getLocation();
        if (at == null && event.getArguments() != null) {
            for (Object arg : event.getArguments()) {
                if (arg instanceof Token t && t.getLocation() != null) {
                    at = t.getLocation();
                    break;
                }
            }
        }
        String reason = event.getLocalizedMessage();
        // The parser's messages name tokens with their location: keep the file name, not our internal URL.
        reason = reason == null ? event.getMessageKey() : reason.replace(SCHEME + ":/", "");
        if (at == null) {
            return new Problem("?", 0, reason);
        }
        String source = at.getSource() == null ? "?" : at.getSource().replace(SCHEME + ":/", "");
        return new Problem(source, Math.max(at.getLine(), 0), reason);
    }

    private static URL url(String fileName, Map<String, String> texts) {
        URLStreamHandler handler = new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL u) {
                return new URLConnection(u) {
                    @Override
                    public void connect() {
                    }

                    @Override
                    public InputStream getInputStream() {
                        return new ByteArrayInputStream(texts.get(fileName).getBytes(StandardCharsets.UTF_8));
                    }
                };
            }
        };
        try {
            return new URL(SCHEME, "", -1, "/" + fileName, handler);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("file name " + fileName, e);
        }
    }
}
