/**
 * The JAX-RS API under /api/v1: thin adapters that turn HTTP into calls of one application
 * service and service results and errors into JSON, after one strict reading of every parameter
 * and body (StrictParameters, StrictJsonBodies). No SQL and no business rules here.
 */
package ge.wardops.api;
