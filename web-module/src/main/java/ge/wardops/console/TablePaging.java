package ge.wardops.console;

import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import org.primefaces.component.datatable.DataTable;

/** After a filter changes, a table shows its first page: page 7 of the old list means nothing. */
final class TablePaging {

    private TablePaging() {
    }

    static void toFirstPage(String tableClientId) {
        UIComponent table = FacesContext.getCurrentInstance().getViewRoot().findComponent(tableClientId);
        if (table instanceof DataTable t) {
            t.setFirst(0);
        }
    }
}
