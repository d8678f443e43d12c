package ge.wardops.audit;

import jakarta.enterprise.context.RequestScoped;

/**
 * Where the current request came from, set by the web layer's filter so that audit rows carry
 * the client address without the services knowing about HTTP.
 */
@RequestScoped
public class RequestOrigin {

    private String clientAddress;

    public String clientAddress() {
        return clientAddress;
    }

    public void clientAddress(String address) {
        this.clientAddress = address;
    }
}
