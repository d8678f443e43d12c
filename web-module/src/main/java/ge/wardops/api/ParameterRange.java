package ge.wardops.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The allowed range of a whole-number query or path parameter, enforced by {@link StrictParameters}
 * (400 naming the parameter). Not Bean Validation's {@code @Min}/{@code @Max} on purpose: Payara's
 * OpenAPI generator reads those on a parameter as if it were a {@code @PathParam} and fails the
 * whole {@code /openapi} document (NullPointerException) for a {@code @QueryParam}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ParameterRange {

    long min() default Long.MIN_VALUE;

    long max() default Long.MAX_VALUE;
}
