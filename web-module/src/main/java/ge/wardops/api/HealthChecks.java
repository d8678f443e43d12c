package ge.wardops.api;

import ge.wardops.health.HealthVerdict;
import ge.wardops.health.SystemHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The MicroProfile Health checks behind Payara's /health, /health/ready and /health/live: thin
 * adapters of {@link SystemHealth}, which /api/v1/health also reads, so both always agree.
 * Readiness: database, VictoriaMetrics, availability rounds, SNMP collector, audit chain, event receivers.
 * Liveness: the probe timer (still firing), notification queue. Their data are what anyone may see
 * (no raw errors, URLs or paths; see {@link SystemHealth}).
 */
@ApplicationScoped
public class HealthChecks {

    @Inject
    SystemHealth health;

    @Produces
    @Readiness
    HealthCheck database() {
        return check(health::database);
    }

    @Produces
    @Readiness
    HealthCheck victoriaMetrics() {
        return check(() -> health.victoriaMetrics(Instant.now()));
    }

    @Produces
    @Readiness
    HealthCheck availabilityRounds() {
        return check(() -> health.availabilityRounds(Instant.now()));
    }

    @Produces
    @Liveness
    HealthCheck probeTimer() {
        return check(() -> health.probeTimer(Instant.now()));
    }

    @Produces
    @Readiness
    HealthCheck snmpCollector() {
        return check(() -> health.snmpCollector(Instant.now()));
    }

    @Produces
    @Readiness
    HealthCheck auditChain() {
        return check(health::auditChain);
    }

    @Produces
    @Readiness
    HealthCheck eventReceivers() {
        return check(health::eventReceivers);
    }

    @Produces
    @Liveness
    HealthCheck notificationQueue() {
        return check(health::notificationQueue);
    }

    private static HealthCheck check(Supplier<HealthVerdict> verdict) {
        return () -> response(verdict.get());
    }

    static HealthCheckResponse response(HealthVerdict v) {
        HealthCheckResponseBuilder b = HealthCheckResponse.named(v.name()).status(v.up());
        for (Map.Entry<String, Object> e : v.data().entrySet()) {
            Object value = e.getValue();
            if (value instanceof Boolean flag) {
                b.withData(e.getKey(), flag);
            } else if (value instanceof Number n) {
                b.withData(e.getKey(), n.longValue());
            } else if (value != null) {
                b.withData(e.getKey(), value.toString());
            }
        }
        return b.build();
    }
}
