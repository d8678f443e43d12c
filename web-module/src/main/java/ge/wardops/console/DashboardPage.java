package ge.wardops.console;

import ge.wardops.fleet.DashboardStats;
import ge.wardops.fleet.FleetStatus;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/**
 * The dashboard's first paint: the counts as the server sees them now, scoped to the user's regions.
 * From then on live.js keeps the cards, the region and branch grids and the recent changes current
 * from the devices feed, without reloading the page.
 */
@Named
@RequestScoped
public class DashboardPage {

    @EJB
    FleetStatus fleet;

    private DashboardStats stats;

    public DashboardStats getStats() {
        if (stats == null) {
            stats = fleet.stats();
        }
        return stats;
    }
}
