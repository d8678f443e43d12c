package ge.wardops.security.web;

import jakarta.faces.context.FacesContext;
import jakarta.faces.event.PhaseEvent;
import jakarta.faces.event.PhaseId;
import jakarta.faces.event.PhaseListener;
import org.primefaces.csp.CspException;
import org.primefaces.context.PrimeFacesContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * Makes the page's script nonce part of the one Content-Security-Policy of a Faces answer.
 * PrimeFaces runs in CSP mode ({@code primefaces.CSP=true}, web.xml): it writes every script and
 * event handler it renders as a script carrying the view's nonce, hands the nonce to the page's
 * PrimeFaces (which sends it back with every form and AJAX request and runs AJAX answers' scripts
 * with it) and adds its own header, {@code script-src 'self' 'nonce-…'}. Two policies would both
 * be enforced, so this listener — registered in the application's faces-config.xml, which Faces
 * reads after the libraries' and so runs after PrimeFaces' listener — sets the header once more,
 * replacing PrimeFaces' and the hardening filter's nonce-less one with
 * {@link SecurityHeaders#contentSecurityPolicy(String)} and that nonce. The nonce is new for every
 * page view (a GET); postbacks of the view keep it, PrimeFaces checking that the one sent back is
 * the view's. A postback without it or with another one is refused here with 400 before anything
 * runs: left to PrimeFaces, the check fails in the middle of rendering and ends as a 500.
 */
public class ScriptNonce implements PhaseListener {

    private static final long serialVersionUID = 1L;

    /** What PrimeFaces makes a nonce of (Base64 of a random UUID); anything else never reaches a header. */
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{16,}={0,2}");

    @Override
    public PhaseId getPhaseId() {
        return PhaseId.ANY_PHASE;
    }

    @Override
    public void afterPhase(PhaseEvent event) {
        FacesContext context = event.getFacesContext();
        if (event.getPhaseId() != PhaseId.RESTORE_VIEW || context.getViewRoot() == null
                || !(context.isPostback() || context.getPartialViewContext().isAjaxRequest())) {
            return;
        }
        try {
            PrimeFacesContext.getCspState(context).getNonce();
        } catch (CspException e) {
            try {
                context.getExternalContext().responseSendError(400, "the form's script nonce is missing or wrong");
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
            context.responseComplete();
        }
    }

    @Override
    public void beforePhase(PhaseEvent event) {
        if (event.getPhaseId() != PhaseId.RENDER_RESPONSE) {
            return;
        }
        FacesContext context = event.getFacesContext();
        String nonce = PrimeFacesContext.getCspState(context).getNonce();
        if (!BASE64.matcher(nonce).matches()) {
            throw new IllegalStateException("not a script nonce: " + nonce.length() + " characters");
        }
        context.getExternalContext().setResponseHeader("Content-Security-Policy", SecurityHeaders.contentSecurityPolicy(nonce));
    }
}
