package ge.wardops.events;

import ge.wardops.security.CallerScope;
import ge.wardops.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Events as the caller may see them (API and console call this, so they agree): a regional manager
 * sees the events of known devices in their regions; unknown sources are shown to the roles that see
 * every region.
 */
@Stateless
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class EventQueries {

    @Inject
    CallerScope caller;

    @EJB
    EventWriter store;

    @EJB
    EventPipeline pipeline;

    public List<StoredEvent> list(EventFilter filter) {
        return store.list(filter, caller.regions());
    }

    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR, Roles.VIEWER})
    public EventReceiverStatus receivers() {
        return pipeline.status();
    }
}
