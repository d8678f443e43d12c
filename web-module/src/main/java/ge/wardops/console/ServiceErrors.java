package ge.wardops.console;

import ge.wardops.shared.ConflictException;
import ge.wardops.shared.InvalidInputException;
import ge.wardops.shared.UnknownEntityException;
import jakarta.ejb.EJBAccessException;
import jakarta.ejb.EJBException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;

import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns what a service refused into Faces messages: a field error goes next to its input,
 * everything else to the page's messages. Marks the request as failed validation, so that dialogs
 * stay open ({@code args.validationFailed}). The inputs are not marked invalid: the model is
 * already updated, and an invalid input renders its (now empty) submitted value, so a chips or
 * select input would come back empty; the stylesheet outlines a field that has a message instead.
 */
@ApplicationScoped
public class ServiceErrors {

    private static final Logger LOG = Logger.getLogger(ServiceErrors.class.getName());

    /**
     * Shows {@code e}; {@code inputs} maps a service field name (as in the drafts: "name",
     * "branchId", "tags") to the client id of the input that edits it.
     */
    public void show(RuntimeException e, Map<String, String> inputs) {
        FacesContext faces = FacesContext.getCurrentInstance();
        faces.validationFailed();
        Throwable cause = e instanceof EJBException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof InvalidInputException invalid) {
            for (InvalidInputException.FieldError error : invalid.errors()) {
                add(faces, inputs, error.field(), error.message());
            }
        } else if (cause instanceof ConflictException conflict) {
            add(faces, inputs, conflict.field(), cause.getMessage());
        } else if (cause instanceof UnknownEntityException) {
            global(faces, cause.getMessage() + ".");
        } else if (cause instanceof EJBAccessException) {
            global(faces, "Your role does not allow this.");
        } else {
            LOG.log(Level.WARNING, "console action failed", e);
            global(faces, "That did not work because of an internal error; nothing was changed. Details are in the server log.");
        }
    }

    /** A change a page makes through a service: answers what to tell the user when it went through (null: nothing). */
    @FunctionalInterface
    public interface Change {
        String run();
    }

    /**
     * Makes {@code change}: when it goes through, shows what it returns as information; when a
     * service refuses it (or it fails), shows why as {@link #show} does, with {@code inputs}.
     * Answers whether it went through.
     */
    public boolean attempt(Map<String, String> inputs, Change change) {
        String done;
        try {
            done = change.run();
        } catch (RuntimeException e) {
            show(e, inputs);
            return false;
        }
        if (done != null) {
            info(done);
        }
        return true;
    }

    /** Reads through a service for a page: its answer, or {@code fallback} with the refusal shown as {@link #show} does. */
    public <T> T read(Map<String, String> inputs, Supplier<T> read, T fallback) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            show(e, inputs);
            return fallback;
        }
    }

    /** Shows a success or information message at the top of the page. */
    public void info(String text) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, text, null));
    }

    private static void add(FacesContext faces, Map<String, String> inputs, String field, String message) {
        String clientId = field == null ? null : inputs.get(baseField(field));
        UIComponent input = clientId == null ? null : faces.getViewRoot().findComponent(clientId);
        if (input == null) {
            global(faces, field == null || "version".equals(field) ? message : label(field) + ": " + message);
            return;
        }
        faces.addMessage(input.getClientId(faces), new FacesMessage(FacesMessage.SEVERITY_ERROR, message, null));
    }

    private static void global(FacesContext faces, String message) {
        faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, message, null));
    }

    /** "tags[2]" is about the tags input. */
    private static String baseField(String field) {
        int bracket = field.indexOf('[');
        return bracket > 0 ? field.substring(0, bracket) : field;
    }

    private static String label(String field) {
        return switch (baseField(field)) {
            case "branchId" -> "branch";
            case "parentId" -> "parent";
            case "regionId" -> "region";
            case "snmpPort" -> "SNMP port";
            case "snmpCredentialId" -> "SNMP credential";
            default -> field;
        };
    }
}
