package ge.wardops.testing.micro;

import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

import java.util.Comparator;

/**
 * The integration tests' class order (junit-platform.properties): as discovered, but the classes
 * with a server of their own ({@link OwnServer}) last, so that the shared server starts once.
 */
public class SharedServerFirst implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        // List.sort is stable: the shared classes keep their order among themselves
        context.getClassDescriptors().sort(Comparator.comparing(d -> d.isAnnotated(OwnServer.class)));
    }
}
