package ge.wardops.alerting;

import ge.wardops.security.CallerScope;
import ge.wardops.security.Roles;
import ge.wardops.shared.Page;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.util.List;

/**
 * The alerts as the API and the console use them. Operators' actions commit in {@link AlertActions};
 * only then does this tell the engine's in-memory copy and the observers (feed, notifications).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class AlertService {

    @EJB
    AlertActions actions;

    @Inject
    AlertEngine engine;

    @EJB
    CallerScope caller;

    public Page<AlertSnapshot> list(AlertFilter filter) {
        return actions.list(filter);
    }

    public AlertDetail get(long id) {
        return actions.get(id);
    }

    /** The open alerts in the caller's regions, from memory. */
    public List<AlertSnapshot> open() {
        return engine.openAlerts(caller.regions());
    }

    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER})
    public AlertSnapshot acknowledge(long id, String comment) {
        return committed(actions.acknowledge(id, comment));
    }

    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER})
    public AlertSnapshot comment(long id, String comment) {
        return committed(actions.comment(id, comment));
    }

    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER})
    public AlertSnapshot resolve(long id, String comment) {
        return committed(actions.resolve(id, comment));
    }

    private AlertSnapshot committed(AlertTransition t) {
        engine.operatorChanged(t);
        return t.alert().scopedTo(caller.regions(), engine::regionOfAlert);
    }
}
