package ge.wardops.security.web;

import ge.wardops.cluster.ClusterSignals;
import ge.wardops.cluster.PeerSignal;
import ge.wardops.security.SessionsEnded;
import jakarta.enterprise.event.Observes;

import ge.wardops.feed.AlertsFeedHub;
import ge.wardops.feed.DevicesFeedHub;
import ge.wardops.security.OwnAccount;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * "Log out everywhere": the directory checks who may and records it, then this ends the user's
 * console sessions, closes their live feeds and forgets their remembered Basic logins, so that
 * nothing the user opened before keeps working (a changed or revoked credential stays refused).
 */
@ApplicationScoped
public class SessionTermination {

    /** What was ended. */
    public record Ended(String username, int sessions, int feeds, boolean tokensRevoked) {
    }

    @EJB
    OwnAccount users;

    @Inject
    DevicesFeedHub feeds;

    @Inject
    AlertsFeedHub alertFeeds;

    @Inject
    UserTableIdentityStore identityStore;

    @Inject
    PasswordChangeRequirements passwordChanges;

    @EJB
    ClusterSignals cluster;

    public Ended logoutEverywhere(String username, boolean revokeTokens) {
        String name = users.logoutEverywhere(username, revokeTokens);
        Ended ended = new Ended(name, forgetSessionsOf(name), closeFeedsOf(name, "logged out everywhere"), revokeTokens);
        cluster.publish(new SessionsEnded(name, "logged out everywhere")); // the other nodes end theirs
        return ended;
    }

    /** After a password change or reset: remembered logins with the old password must not work on. */
    public void credentialsChanged(String username) {
        identityStore.forget(username);
        passwordChanges.forget(username);
    }

    /** After an administrator reset the password or disabled the account: the user's sessions end as well. */
    public void forgetLoginsOf(String username) {
        forgetSessionsOf(username);
        closeFeedsOf(username, "access changed by an administrator");
        cluster.publish(new SessionsEnded(username, "access changed by an administrator"));
    }

    /** Another node of the cluster ended a user's sessions: this node ends the ones it holds. */
    void onPeer(@Observes PeerSignal signal) {
        if (signal.payload() instanceof SessionsEnded ended) {
            forgetSessionsOf(ended.username());
            closeFeedsOf(ended.username(), ended.reason());
        }
    }

    private int closeFeedsOf(String name, String reason) {
        return feeds.closeAllOf(name, reason) + alertFeeds.closeAllOf(name, reason);
    }

    private int forgetSessionsOf(String name) {
        identityStore.forget(name);
        passwordChanges.forget(name);
        return ConsoleSessions.invalidateAllOf(name);
    }
}
