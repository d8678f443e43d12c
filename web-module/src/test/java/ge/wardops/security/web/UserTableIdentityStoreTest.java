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
 * at once) and remembered for another minute. The re-check reads the account (SignIn.unchanged, a
 * stand-in too) and runs PBKDF2 only when the stored hash, enabled or lock state changed; a failed
 * re-check, a {@code forget} or a minute without a re-check ends it. The clock and the background
 * executor are the test's, so it decides what has run. The PBKDF2 check itself, the lockout, the audit
 * and the re-check against the real users table are SignIn's, tested against the real database and
 * server in AuthenticationIT and AccountSecurityIT.
 */
class UserTableIdentityStoreTest {

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
    /** Threads that ran a PBKDF2 check. */
    private final List<String> checks = new ArrayList<>();
    /** Re-checks that read the account instead. */
    private int reads;
    private boolean rejecting;
    private boolean forgetDuringCheck;
    // The users table of the stand-in: the password, a stamp of its stored hash, the account's state.
    private String password = "right";
    private String stamp = "hash-1";
    private boolean enabled = true;
    private Set<String> roles = Set.of("operator");
    private long now = 1_000_000;

    /** The password (and with it the stored hash) changed, e.g. on another node or in the database. */
    private void passwordChangedElsewhere(String newPassword) {
        password = newPassword;
        stamp = "hash-" + newPassword;
    }

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
                return username.equals("alice") && enabled && new String(given).equals(password)
                        ? Optional.of(new Caller("alice", roles, false, stamp)) : Optional.empty();
            }

            @Override
            public Optional<Caller> unchanged(Caller remembered) {
                reads++;
                if (forgetDuringCheck) {
                    store.forget("ALICE");
                }
                return enabled && stamp.equals(remembered.credentialStamp())
                        ? Optional.of(new Caller("alice", roles, false, stamp)) : Optional.empty();
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
    void aSteadyClientIsCheckedOnceAndThenReadAgainInTheBackgroundNeverWithPbkdf2Again() {
        assertEquals(CredentialValidationResult.Status.VALID, login("right"));
        assertEquals(1, checks.size(), "the first call is checked on its own thread");
        // Calls every 5 s for five minutes: never another PBKDF2 check, on any thread.
        for (int second = 5; second <= 300; second += 5) {
            now += 5_000;
            assertEquals(CredentialValidationResult.Status.VALID, login("right"), "at " + second + " s");
            assertEquals(1, checks.size(), "no PBKDF2 check at " + second + " s: " + checks);
            runQueued();
        }
        // A re-check each time the remembered login reached 45 s: at 45, 90, ... 270 s.
        assertEquals(6, reads, "re-checks that read the account");
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
        assertEquals(1, reads);
        login("right");
        assertTrue(queued.isEmpty(), "the re-checked login starts a new minute");
        now += UserTableIdentityStore.REMEMBER_MILLIS - 1;
        assertEquals(CredentialValidationResult.Status.VALID, login("right"));
        assertEquals(1, checks.size(), "still the re-checked minute: " + checks);
    }

    @Test
    void aPasswordChangedElsewhereEndsTheLoginAtTheReCheckAndNoLaterThanTheMinute() {
        login("right");
        passwordChangedElsewhere("changed on another node");
        now += 50_000;
        assertEquals(CredentialValidationResult.Status.VALID, login("right"), "still within the minute it was checked for");
        runQueued();
        assertEquals(1, reads);
        assertEquals(2, checks.size(), "the new stored hash sent the re-check to PBKDF2, which refused");
        assertEquals(CredentialValidationResult.Status.INVALID, login("right"), "the failed re-check forgot it");
        assertEquals(3, checks.size(), "and the call after it was checked on its own thread");

        // Without any call in the last quarter nothing extends it: after the minute the caller's own thread checks.
        passwordChangedElsewhere("right");
        login("right");
        now += 61_000;
        int again = checks.size();
        passwordChangedElsewhere("changed again");
        assertEquals(CredentialValidationResult.Status.INVALID, login("right"));
        assertEquals(again + 1, checks.size());
    }

    @Test
    void theSamePasswordStoredAnewIsCheckedWithPbkdf2AndStillLetIn() {
        login("right");
        stamp = "hash-2"; // e.g. an administrator reset it to the same password: a new salt, a new hash
        now += 46_000;
        login("right");
        runQueued();
        assertEquals(2, checks.size(), "the changed hash needs PBKDF2 again");
        now += 30_000;
        assertEquals(CredentialValidationResult.Status.VALID, login("right"), "remembered again after the full check");
        assertEquals(2, checks.size());
    }

    @Test
    void anAccountDisabledElsewhereEndsTheLoginAtTheReCheckAndRolesChangedThereApplyFromIt() {
        login("right");
        roles = Set.of("viewer");
        now += 46_000;
        assertEquals(Set.of("operator"), store.validate(new UsernamePasswordCredential("alice", "right")).getCallerGroups());
        runQueued();
        assertEquals(Set.of("viewer"), store.validate(new UsernamePasswordCredential("alice", "right")).getCallerGroups(),
                "the re-check brought the roles the users table has now");
        assertEquals(1, checks.size());

        enabled = false;
        now += 46_000;
        assertEquals(CredentialValidationResult.Status.VALID, login("right"));
        runQueued();
        assertEquals(2, checks.size(), "disabled: the full check decides");
        assertEquals(CredentialValidationResult.Status.INVALID, login("right"));
    }

    @Test
    void aForgetWhileACheckRunsIsNotUndoneByIt() {
        login("right");
        now += 46_000;
        login("right");
        forgetDuringCheck = true;
        runQueued();
        forgetDuringCheck = false;
        assertEquals(1, reads);
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
        assertEquals(2, reads);
        assertEquals(CredentialValidationResult.Status.VALID, login("right"));
        assertEquals(last, checks.size(), "remembered: no check on the caller's thread");
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
