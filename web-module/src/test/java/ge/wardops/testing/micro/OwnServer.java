package ge.wardops.testing.micro;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class whose deployment differs from the shared WAR (settings of its own), so that
 * {@link SharedServerFirst} runs it after the classes that share one server: one restart instead of two.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OwnServer {
}
