package ge.wardops.alerting;

import ge.wardops.inventory.Branch;
import ge.wardops.inventory.Region;
import ge.wardops.shared.InvalidInputException.FieldError;
import jakarta.persistence.EntityManager;

import java.util.Collection;
import java.util.List;

/** Whether the device, branch, region or group a scope names exists: the check validation cannot make without the database. */
final class ScopeTargets {

    private ScopeTargets() {
    }

    static List<FieldError> check(EntityManager em, ScopeType type, String value, String field) {
        Class<?> target = switch (type) {
            case BRANCH -> Branch.class;
            case REGION -> Region.class;
            case GROUP -> DeviceGroup.class;
            default -> null;
        };
        long id = type == ScopeType.DEVICE || target != null ? Long.parseLong(value.trim()) : 0;
        boolean exists = type == ScopeType.DEVICE ? !liveDevices(em, List.of(id)).isEmpty()
                : target == null || em.find(target, id) != null;
        return exists ? List.of()
                : List.of(new FieldError(field + "Value", "there is no " + type.name().toLowerCase() + " " + value.trim()));
    }

    /** Those of {@code ids} that are devices not deleted. */
    static List<Long> liveDevices(EntityManager em, Collection<Long> ids) {
        return em.createQuery("select d.id from Device d where d.id in :ids and d.deletedAt is null", Long.class)
                .setParameter("ids", ids).getResultList();
    }
}
