package ge.wardops.security.web;

import ge.wardops.audit.RequestOrigin;
import ge.wardops.security.LdapDirectory;
import ge.wardops.security.SignIn;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the identity store checks a Basic login with PBKDF2 (SignIn.authenticate, here a stand-in that
 * counts the checks and says what the users table would) and on which thread: once, then remembered for
 * a minute; used in the minute's last quarter, checked again in the background (the caller is answered
 * at once) and remembered for another minute; a failed re-check, a {@code forget} or a minute without a
 * re-check ends it. The clock and the background executor are the test's, so it decides what has run.
 * The PBKDF2 check itself, the lockout and the audit are SignIn's, tested against the real database and
 * server in AuthenticationIT and AccountSecurityIT.
 */
class UserTableIdentityStoreTest {

    private static final SignIn.Caller ALICE = new SignIn.Caller("alice", Set.of("operator"), false);

    private final UserTableIdentityStore store = new UserTableIdentityStore() {
        @Override
        java.util.concurrent.Executor background() {
            return task -> {
                if (rejecting) {
                    throw new RejectedExecutionException("shut down");
                }
                queued.add(task);
            };
        }
    };
    private final Deque<Runnable> queued = new ArrayDeque<>();
    private final List<String> checks = new ArrayList<>();
    private boolean rejecting;
    private boolean forgetDuringCheck;
    private String password = "right";
    private long now = 1_000_000;

    @BeforeEach
    void wire() {
        store.clock = () -> now;
        store.users = new SignIn() {
            @Override
            public Optional<Caller> authenticate(String username, char[] given, String clientAddress) {
                assertEquals("127.0.0.1", clientAddress, "the request's address, also for a re-check in the background");
                checks.add(Thread.currentThread().getName());
                if (forgetDuringCheck) {
                    store.forget("ALICE"); // the password changed (or "log out everywhere") while PBKDF2 ran
                }
                return username.equals("alice") && new String(given).equals(password) ? Optional.of(ALICE) : Optional.empty();
            }

            @Override
            public boolean exists(String username) {
                return username.equals("alice");
            }
        };
        store.origin = new RequestOrigin();
        store.origin.clientAddress("127.0.0.1");
        store.ldap = new LdapDirectory() {
            @Override
            public boolean enabled() {
                return false;
            }
        };
    }

    private CredentialValidationResult.Status login(String pass) {
        return store.validate(new UsernamePasswordCredential("alice", pass)).getStatus();
    }

    private void runQueued() {
        while (!queued.isEmpty()) {
            queued.poll().run();
        }
    }

    @Test
    void aSteadyClientIsCheckedOnceAndThenAgainInTheBackgroundNeverOnItsOwnThreadAgain() {
        assertEquals(CredentialValidationResult.Status.VALID, login("right"));
        assertEquals(1, checks.size(), "the first call is checked on its own thread");
        // Calls every 5 s for five minutes: never another check on the caller's thread.
        for (int second = 5; second <= 300; second += 5) {
            now += 5_000;
            int before = checks.size();
            assertEquals(CredentialValidationResult.Status.VALID, login("right"), "at " + second + " s");
            assertEquals(before, checks.size(), "answered without a check on the caller's thread at " + second + " s");
            runQueued();
        }
        // A re-check each time the remembered login reached 45 s: at 45, 90, ... 270 s.
        assertEquals(1 + 6, checks.size(), "re-checks in the background: " + checks);
    }

    @Test
    void aReCheckStartsOnlyInTheLastQuarterAndOnlyOnceAtATime() {
        login("right");
        now += UserTableIdentityStore.REFRESH_AFTER_MILLIS - 1;
        login("right");
        assertTrue(queued.isEmpty(), "not before 45 s");
        now += 1;
        login("right");
        login("right");
        login("right");
        assertEquals(1, queued.size(), "one re-check, however many calls meanwhile");
        runQueued();
        assertEquals(2, checks.size());
        login("right");
        assertTrue(queued.isEmpty(), "the re-checked login starts a new minute");
    }

    @Test
    void aPasswordChangedElsewhereEndsTheLoginAtTheReCheckAndNoLaterThanTheMinute() {
        login("right");
        password = "changed on another node";
        now += 50_000;
        assertEquals(CredentialValidationResult.Status.VALID, login("right"), "still within the minute it was checked for");
        runQueued();
        int before = checks.size();
        assertEquals(CredentialValidationResult.Status.INVALID, login("right"), "the failed re-check forgot it");
        assertEquals(before + 1, checks.size(), "and the call after it was checked on its own thread");

        // Without any call in the last quarter nothing extends it: after the minute the caller's own thread checks.
        password = "right";
        login("right");
        now += 61_000;
        int again = checks.size();
        password = "changed again";
        assertEquals(CredentialValidationResult.Status.INVALID, login("right"));
        assertEquals(again + 1, checks.size());
    }

    @Test
    void aForgetWhileACheckRunsIsNotUndoneByIt() {
        login("right");
        now += 46_000;
        login("right");
        forgetDuringCheck = true;
        runQueued();
        forgetDuringCheck = false;
        int before = checks.size();
        assertEquals(CredentialValidationResult.Status.VALID, login("right"));
        assertEquals(before + 1, checks.size(), "checked again on the caller's thread: the re-check did not bring it back");

        // The same for a check on the caller's thread.
        forgetDuringCheck = true;
        now += 120_000;
        assertEquals(CredentialValidationResult.Status.VALID, login("right"), "checked before the change: this call passes");
        forgetDuringCheck = false;
        int after = checks.size();
        login("right");
        assertEquals(after + 1, checks.size(), "but it is not remembered");

        // A re-check that starts after the forget reads the users table anew: its success is remembered.
        now += 46_000;
        login("right");
        store.forget("alice");
        int last = checks.size();
        runQueued();
        assertEquals(last + 1, checks.size());
        assertEquals(CredentialValidationResult.Status.VALID, login("right"));
        assertEquals(last + 1, checks.size(), "remembered: no check on the caller's thread");
    }

    @Test
    void aRefusingExecutorLeavesTheOldRuleAMinuteThenACheckOnTheCallersThread() {
        rejecting = true;
        login("right");
        now += 50_000;
        assertEquals(CredentialValidationResult.Status.VALID, login("right"));
        assertEquals(CredentialValidationResult.Status.VALID, login("right"), "a refused re-check is not left marked as running");
        assertEquals(1, checks.size());
        now += 11_000;
        assertEquals(CredentialValidationResult.Status.VALID, login("right"));
        assertEquals(2, checks.size(), "past the minute: checked on the caller's thread");
    }

    @Test
    void wrongPasswordsAreNeverRememberedNorReChecked() {
        assertEquals(CredentialValidationResult.Status.INVALID, login("wrong"));
        assertEquals(CredentialValidationResult.Status.INVALID, login("wrong"));
        now += 46_000;
        assertEquals(CredentialValidationResult.Status.INVALID, login("wrong"));
        assertEquals(3, checks.size(), "every wrong password reaches the check (and its lockout count)");
        assertTrue(queued.isEmpty());
    }
}
