package dev.ferry.kernel.producer;

import static dev.ferry.kernel.testing.PartitionsFixture.ORDERS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.kernel.testing.PartitionsFixture;
import dev.ferry.services.broker.ProducerState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partitions forget idle producers ({@code producer.id.expiration.ms}) at checks every
 * {@code producer.id.expiration.check.interval.ms}, both timed by the broker's clock.
 */
class ProducerExpirationTest {

    private static final long EXPIRATION_MS = 60_000;
    private static final long CHECK_INTERVAL_MS = 10_000;

    @TempDir
    Path logDir;

    private PartitionsFixture fixture;
    private ProducerExpiration expiration;

    @BeforeEach
    void startExpiration() throws IOException {
        fixture = new PartitionsFixture(logDir);
        fixture.openOrders(Map.of());
        expiration = ProducerExpiration.start(fixture.partitions, fixture.scheduler, EXPIRATION_MS,
                CHECK_INTERVAL_MS);
    }

    @AfterEach
    void close() throws IOException {
        expiration.close();
        fixture.close();
    }

    @Test
    void eachProducerIsForgottenAtTheFirstCheckThatFindsItIdleForTheExpiration() {
        fixture.append(fixture.idempotent(7, 0, "a"));
        fixture.scheduler.advance(CHECK_INTERVAL_MS);
        fixture.append(fixture.idempotent(8, 0, "b"));

        fixture.scheduler.advance(EXPIRATION_MS - CHECK_INTERVAL_MS - 1);
        assertEquals(List.of(7L, 8L), producerIds(), "the last check found producer 7 idle for 50 s");
        fixture.scheduler.advance(1);

        assertEquals(List.of(8L), producerIds());
        fixture.scheduler.advance(CHECK_INTERVAL_MS);
        assertEquals(List.of(), producerIds());
    }

    @Test
    void aProducerWithATransactionOpenIsKept() {
        fixture.append(fixture.transactional(7, 0, "a"), Optional.of("payments-app"));

        fixture.scheduler.advance(10 * EXPIRATION_MS);

        assertEquals(List.of(7L), producerIds());
    }

    @Test
    void noCheckRunsOnceExpirationIsClosed() {
        fixture.append(fixture.idempotent(7, 0, "a"));

        expiration.close();
        fixture.scheduler.advance(10 * EXPIRATION_MS);

        assertEquals(List.of(7L), producerIds());
    }

    private List<Long> producerIds() {
        return fixture.partitions.producers(ORDERS).stream().map(ProducerState::producerId).sorted().toList();
    }
}
