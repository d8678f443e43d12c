package ge.wardops.api;

import ge.wardops.cluster.ClusterNode;
import ge.wardops.cluster.ClusterView;
import ge.wardops.probe.AvailabilityRounds;
import ge.wardops.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What the answering node knows of the cluster: its name, the members, the leader, and how many of
 * the enabled devices it probed in its last round. Behind a load balancer each request may reach
 * another node; {@code node} says which answered. Alone: {@code clustered} false, one member.
 */
@Path("cluster")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Cluster")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
public class ClusterResource {

    @EJB
    ClusterNode cluster;

    @EJB
    AvailabilityRounds rounds;

    @GET
    @Operation(summary = "This node, the cluster's members and leader, and the share of the devices this node probes")
    public ClusterView view() {
        int[] share = rounds.lastRoundShare();
        return cluster.view(share[0], share[1]);
    }
}
