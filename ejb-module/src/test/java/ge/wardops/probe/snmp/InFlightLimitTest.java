package ge.wardops.probe.snmp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class InFlightLimitTest {

    @Test
    void neverMoreThanTheLimitRunAndQueuedTasksStartAsOthersFinish() {
        InFlightLimit limit = new InFlightLimit(3);
        List<CompletableFuture<Integer>> running = new ArrayList<>();
        AtomicInteger started = new AtomicInteger();
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int n = i;
            results.add(limit.submit(() -> {
                started.incrementAndGet();
                CompletableFuture<Integer> task = new CompletableFuture<>();
                synchronized (running) {
                    running.add(task);
                }
                return task.thenApply(v -> n);
            }));
        }
        assertEquals(3, started.get(), "only the limit starts at once, without blocking the submitter");

        for (int finished = 0; finished < 10; finished++) {
            CompletableFuture<Integer> next;
            synchronized (running) {
                next = running.get(finished);
            }
            next.complete(0);
            assertEquals(Math.min(10, finished + 4), started.get());
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(i, results.get(i).join());
        }
        assertEquals(3, limit.available());
    }

    @Test
    void thousandsOfTasksThatFinishAtOnceDoNotOverflowTheStack() {
        InFlightLimit limit = new InFlightLimit(1);
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        results.add(limit.submit(() -> gate));
        for (int i = 0; i < 100_000; i++) {
            int n = i;
            results.add(limit.submit(() -> CompletableFuture.completedFuture(n)));
        }

        gate.complete(-1);

        assertEquals(99_999, results.get(100_000).join());
        assertEquals(1, limit.available());
    }

    @Test
    void aTaskThatThrowsGivesItsPermitBack() {
        InFlightLimit limit = new InFlightLimit(1);

        CompletableFuture<Object> failed = limit.submit(() -> {
            throw new IllegalStateException("boom");
        });

        assertEquals(true, failed.isCompletedExceptionally());
        assertEquals(1, limit.available());
    }
}
