package ge.wardops.cluster;

import org.infinispan.commons.CacheException;
import org.infinispan.commons.configuration.ClassAllowList;
import org.infinispan.commons.marshall.JavaSerializationMarshaller;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Java serialization of the values the nodes share (device states, cluster signals), with every
 * class resolved once per node instead of once per value.
 *
 * <p>Infinispan's {@link JavaSerializationMarshaller} resolves each class descriptor of each value
 * it reads through {@code Util.loadClass}, which tries several class loaders in turn and builds a
 * {@link ClassNotFoundException} for each miss. At 100,000 devices on four instances (the cluster
 * benchmark, 2026-12-06) a round's 25,000 replicated states kept the receiving nodes busy in class
 * loading for longer than Infinispan's 15 s remote timeout, and every round failed. Here a class
 * name is checked against the same allow list and loaded with the application's class loader the
 * first time it is seen; later values of that class take it from a map.
 */
public final class SharedValueMarshaller extends JavaSerializationMarshaller {

    private final ClassAllowList allowed;
    private final ClassLoader loader;
    private final ConcurrentMap<String, Class<?>> classes = new ConcurrentHashMap<>();

    /** {@code regexps}: the class names that may be read, as Infinispan's allow list takes them. */
    public SharedValueMarshaller(ClassLoader loader, String... regexps) {
        this(new ClassAllowList(List.of(regexps)), loader);
    }

    private SharedValueMarshaller(ClassAllowList allowed, ClassLoader loader) {
        super(allowed);
        this.allowed = allowed;
        this.loader = loader != null ? loader : SharedValueMarshaller.class.getClassLoader();
    }

    @Override
    public Object objectFromByteBuffer(byte[] buf, int offset, int length) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(buf, offset, length)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                String name = desc.getName();
                Class<?> known = classes.get(name);
                if (known != null) {
                    return known;
                }
                if (!allowed.isSafeClass(name)) {
                    throw new CacheException("A shared value of class " + name + " is not allowed; it was not read");
                }
                Class<?> resolved;
                try {
                    resolved = Class.forName(name, false, loader);
                } catch (ClassNotFoundException e) {
                    resolved = super.resolveClass(desc); // primitive types
                }
                classes.putIfAbsent(name, resolved);
                return resolved;
            }
        }) {
            return in.readObject();
        }
    }

    /** How many classes this node has resolved so far (each once). */
    int resolvedClasses() {
        return classes.size();
    }
}
