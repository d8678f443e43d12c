package ge.wardops.events;

import ge.wardops.audit.AuditEntry;
import ge.wardops.audit.AuditLog;
import ge.wardops.security.Roles;
import ge.wardops.shared.ConflictException;
import ge.wardops.shared.InvalidInputException;
import ge.wardops.shared.UnknownEntityException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The MIBs traps are decoded with: the bundled modules (standard, ENTITY-MIB, common Cisco and Fortinet)
 * plus the files administrators added (table {@code event_mibs}, so every node has them). Compiled at
 * start, after a change on this node (once it committed), and within a minute of a change made through
 * another node. A file is stored only if it compiles together with the rest; otherwise the parser's line
 * and reason are the answer.
 * The trap receiver reads the compiled names through {@link #names()} without going through this
 * bean (no lock per trap).
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class MibLibrary {

    private static final Logger LOG = Logger.getLogger(MibLibrary.class.getName());
    /** Largest MIB file accepted (the biggest vendor MIBs are a few hundred KB). */
    public static final int MAX_BYTES = 2 * 1024 * 1024;
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @EJB
    AuditLog audit;

    @Resource
    SessionContext session;

    @Resource
    TransactionSynchronizationRegistry transactions;

    private final AtomicReference<MibNames> current = new AtomicReference<>(MibNames.empty());
    private List<MibCompiler.Source> bundled;
    /** Which stored files the compiled names are made of (count and highest id), to notice another node's change. */
    private volatile String loadedFingerprint = "";

    @PostConstruct
    void start() {
        bundled = MibCompiler.bundled();
        reload();
    }

    /** The compiled names as they are now and after each reload: a plain supplier for the receiver's thread. */
    public Supplier<MibNames> names() {
        return current::get;
    }

    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR, Roles.VIEWER})
    public List<MibView> list() {
        List<MibView> views = new ArrayList<>();
        for (MibCompiler.Source s : bundled) {
            views.add(new MibView(null, s.fileName(), MibCompiler.modules(s.text()), true, s.text().getBytes(StandardCharsets.UTF_8).length,
                    null, null));
        }
        em.createQuery("select m from EventMib m order by lower(m.fileName)", EventMib.class).getResultList()
                .forEach(m -> views.add(MibView.of(m)));
        return views;
    }

    /**
     * Adds a MIB file: refused (400, with the file, line and reason) when it does not compile together
     * with the loaded MIBs, or (409) when a module or file of that name is already loaded. Audited.
     */
    @RolesAllowed(Roles.ADMIN)
    public MibView add(String requestedFileName, String text) {
        int bytes = checkText(text);
        List<String> modules = MibCompiler.modules(text);
        if (modules.isEmpty()) {
            throw new InvalidInputException("mib", "line 1: no module definition found (expected NAME DEFINITIONS ::= BEGIN)");
        }
        String fileName = requestedFileName == null || requestedFileName.isBlank() ? modules.get(0) + ".txt" : requestedFileName.trim();
        if (!FILE_NAME.matcher(fileName).matches()) {
            throw new InvalidInputException("fileName", "letters, digits, '.', '_' and '-', at most 200, not starting with a dot");
        }
        List<EventMib> stored = em.createQuery("select m from EventMib m", EventMib.class).getResultList();
        for (MibCompiler.Source s : bundled) {
            clash(modules, MibCompiler.modules(s.text()), s.fileName() + " (bundled)");
        }
        for (EventMib m : stored) {
            if (m.getFileName().equalsIgnoreCase(fileName)) {
                throw new ConflictException("fileName", "a MIB file named " + m.getFileName() + " is already loaded; delete it first");
            }
            clash(modules, List.of(m.getModules().split(",")), m.getFileName());
        }
        List<MibCompiler.Source> sources = sources(stored);
        sources.add(new MibCompiler.Source(fileName, text));
        MibCompiler.Result result = MibCompiler.compile(sources);
        List<InvalidInputException.FieldError> errors = result.problems().stream()
                .filter(p -> p.fileName().equals(fileName) || p.fileName().equals("?"))
                .map(p -> new InvalidInputException.FieldError("mib", p.toString())).limit(20).toList();
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        EventMib mib = new EventMib(fileName, String.join(",", modules), text, bytes, session.getCallerPrincipal().getName(), Instant.now());
        em.persist(mib);
        em.flush();
        MibView view = MibView.of(mib);
        audit.record(AuditEntry.created("event_mib", mib.getId(), view)
                .withDetails("MIB " + fileName + " added (" + String.join(", ", modules) + ")"));
        useAfterCommit(result.names(), stored.size() + 1, Math.max(mib.getId(), maxId(stored)));
        return view;
    }

    /**
     * What any uploaded MIB file must be before it is parsed: not empty, at most {@link #MAX_BYTES},
     * and text without NUL characters (PostgreSQL cannot store one in text, and no MIB has one), the
     * refusal naming the line. Answers its size in bytes.
     */
    static int checkText(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("mib", "the MIB file is empty");
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new InvalidInputException("mib", "at most " + MAX_BYTES + " bytes (this one has " + bytes + ")");
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            long line = text.substring(0, nul).chars().filter(c -> c == '\n').count() + 1;
            throw new InvalidInputException("mib", "line " + line + ": a NUL character; a MIB file is text");
        }
        return bytes;
    }

    /** Removes an added MIB file (a bundled one cannot be); refused while another added file imports from it. Audited. */
    @RolesAllowed(Roles.ADMIN)
    public void delete(long id) {
        EventMib mib = em.find(EventMib.class, id);
        if (mib == null) {
            throw new UnknownEntityException("MIB", id);
        }
        List<EventMib> rest = new ArrayList<>(em.createQuery("select m from EventMib m where m.id <> :id", EventMib.class)
                .setParameter("id", id).getResultList());
        for (String module : mib.getModules().split(",")) {
            if (isBundled(bundled, module)) {
                continue; // the others import it from the bundled copy
            }
            Pattern imports = Pattern.compile("\\bFROM\\s+" + Pattern.quote(module) + "\\b");
            for (EventMib other : rest) {
                if (imports.matcher(other.getContent()).find()) {
                    throw new ConflictException("id", other.getFileName() + " imports from " + module + "; delete it first");
                }
            }
        }
        MibView before = MibView.of(mib);
        em.remove(mib);
        audit.record(AuditEntry.deleted("event_mib", id, before).withDetails("MIB " + before.fileName() + " deleted"));
        MibCompiler.Result result = MibCompiler.compile(sources(rest));
        useAfterCommit(result.names(), rest.size(), maxId(rest));
    }

    /** Once a minute: another node added or deleted a MIB file, so compile again. */
    @Schedule(hour = "*", minute = "*", second = "40", persistent = false)
    void refresh() {
        try {
            if (!fingerprint().equals(loadedFingerprint)) {
                reload();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The added MIBs could not be read; traps keep the names loaded before; retried in a minute", e);
        }
    }

    private void reload() {
        List<EventMib> stored = em.createQuery("select m from EventMib m order by m.id", EventMib.class).getResultList();
        long started = System.nanoTime();
        MibCompiler.Result result = MibCompiler.compile(sources(stored));
        if (!result.problems().isEmpty()) {
            LOG.warning("MIB problems (what compiled is used): " + result.problems());
        }
        current.set(result.names());
        loadedFingerprint = stored.size() + ":" + maxId(stored);
        LOG.info(() -> "MIBs loaded: " + bundled.size() + " bundled and " + stored.size() + " added files, " + result.names().traps()
                + " notifications and " + result.names().objects() + " objects, in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    private void useAfterCommit(MibNames names, int storedCount, long maxId) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    current.set(names);
                    loadedFingerprint = storedCount + ":" + maxId;
                }
            }
        });
    }

    private String fingerprint() {
        long count = em.createQuery("select count(m) from EventMib m", Long.class).getSingleResult();
        Long max = em.createQuery("select max(m.id) from EventMib m", Long.class).getSingleResult();
        return count + ":" + (max == null ? 0 : max);
    }

    private List<MibCompiler.Source> sources(List<EventMib> stored) {
        return sources(bundled, stored);
    }

    /**
     * The bundled files, then the added ones, leaving out an added file that defines a module the EAR now bundles
     * (CISCO-SMI uploaded before it was bundled): jsmiparser refuses a module defined twice and then names nothing at
     * all, so the bundled copy is used and the added file waits to be deleted.
     */
    static List<MibCompiler.Source> sources(List<MibCompiler.Source> bundled, List<EventMib> stored) {
        List<MibCompiler.Source> sources = new ArrayList<>(bundled);
        for (EventMib m : stored) {
            List<String> shadowed = Arrays.stream(m.getModules().split(",")).filter(module -> isBundled(bundled, module)).toList();
            if (shadowed.isEmpty()) {
                sources.add(new MibCompiler.Source(m.getFileName(), m.getContent()));
            } else {
                LOG.warning(() -> "Added MIB file " + m.getFileName() + " is not used: " + String.join(", ", shadowed)
                        + " is bundled now (delete the file)");
            }
        }
        return sources;
    }

    /** Each bundled file holds the one module it is named for (MibCompilerTest checks it). */
    private static boolean isBundled(List<MibCompiler.Source> bundled, String module) {
        return bundled.stream().anyMatch(s -> s.fileName().equalsIgnoreCase(module.trim() + ".txt"));
    }

    private static long maxId(List<EventMib> stored) {
        return stored.stream().mapToLong(EventMib::getId).max().orElse(0);
    }

    private static void clash(List<String> adding, List<String> loaded, String where) {
        for (String module : adding) {
            for (String other : loaded) {
                if (module.toUpperCase(Locale.ROOT).equals(other.toUpperCase(Locale.ROOT))) {
                    throw new ConflictException("mib", "module " + module + " is already loaded from " + where);
                }
            }
        }
    }
}
