package ge.wardops.console;

import ge.wardops.inventory.RegionView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;

/** The console's start page for now: how the fleet splits over the regions the user may see. */
@Named("overview")
@RequestScoped
public class InventoryOverview {

    @Inject
    InventoryChoices choices;

    public List<RegionView> getRegions() {
        return choices.getRegions();
    }

    public long getBranchCount() {
        return getRegions().stream().mapToLong(RegionView::branchCount).sum();
    }

    public long getDeviceCount() {
        return getRegions().stream().mapToLong(RegionView::deviceCount).sum();
    }
}
