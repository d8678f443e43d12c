package ge.wardops.testing.micro;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/** Registers {@link SharedMicroContainer} as the tests' Arquillian container (META-INF/services). */
public class SharedMicroExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.service(DeployableContainer.class, SharedMicroContainer.class);
    }
}
