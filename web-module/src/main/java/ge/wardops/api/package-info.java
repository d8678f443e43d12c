/**
 * The JAX-RS API under /api/v1: thin adapters that turn HTTP into calls of one application
 * service and service results and errors into JSON, after one strict reading of every parameter
 * and body (StrictParameters, StrictJsonBodies). No SQL and no business rules here.
 * <p>
 * A resource is {@code @ApplicationScoped}: it holds nothing but references to services, and making
 * one per request (CDI's creation plus Jersey's injection into it) was ~15 % of a cached read's CPU
 * (docs/performance.md, "Read path"). The few that take request objects as {@code @Context} fields
 * (the servlet request, the security context) stay {@code @RequestScoped}.
 */
package ge.wardops.api;
