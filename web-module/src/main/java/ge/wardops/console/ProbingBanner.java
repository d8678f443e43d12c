package ge.wardops.console;

import ge.wardops.probe.AvailabilityRounds;
import ge.wardops.probe.ProbingStatus;
import ge.wardops.security.Roles;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.time.Instant;

/**
 * The banner on every console page for admins and operators while availability probing fails:
 * "probing has failed for N rounds: reason". Shown from the first failed round (the system alert and
 * the health verdict wait for wardops.probe.icmp.failed-rounds-alert rounds), gone with the first
 * round that completes.
 */
@Named
@RequestScoped
public class ProbingBanner {

    @Inject
    FacesContext faces;

    @EJB
    AvailabilityRounds rounds;

    private String text;
    private boolean decided;

    /** The banner's text, or null when there is nothing to say or the user is not an admin or operator. */
    public String getText() {
        if (!decided) {
            decided = true;
            var ext = faces.getExternalContext();
            if (ext.isUserInRole(Roles.ADMIN) || ext.isUserInRole(Roles.OPERATOR)) {
                text = textOf(rounds.status(), Instant.now());
            }
        }
        return text;
    }

    static String textOf(ProbingStatus s, Instant now) {
        int failed = s.rounds().consecutiveFailures();
        if (failed > 0) {
            return "Probing has failed for " + failed + (failed == 1 ? " round: " : " rounds: ") + s.reason(now)
                    + ". Device states are not being updated.";
        }
        if (s.failing(now)) {
            return "Probing has stalled: " + s.reason(now) + ". Device states are not being updated.";
        }
        return null;
    }
}
