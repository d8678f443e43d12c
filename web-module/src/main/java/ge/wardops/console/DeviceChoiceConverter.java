package ge.wardops.console;

import ge.wardops.inventory.DeviceService;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.convert.Converter;
import jakarta.faces.convert.ConverterException;
import jakarta.inject.Named;

/**
 * A device picked in an auto-complete travels as its id; coming back it is read again through
 * the service, so a user can only pick a device it may see. A CDI bean used as
 * {@code converter="#{deviceChoiceConverter}"}: a {@code @FacesConverter(managed = true)} got no
 * injection on this Mojarra (4.0.11).
 */
@Named
@ApplicationScoped
public class DeviceChoiceConverter implements Converter<DeviceChoice> {

    @EJB
    DeviceService inventory;

    @Override
    public DeviceChoice getAsObject(FacesContext context, UIComponent component, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return DeviceChoice.of(inventory.device(Long.parseLong(value.strip())));
        } catch (RuntimeException e) {
            throw new ConverterException(new FacesMessage(FacesMessage.SEVERITY_ERROR,
                    "pick a device from the suggestions", null), e);
        }
    }

    @Override
    public String getAsString(FacesContext context, UIComponent component, DeviceChoice value) {
        return value == null ? "" : String.valueOf(value.id());
    }
}
