package dev.ferry.kernel.partition;

import static dev.ferry.kernel.testing.PartitionsFixture.MAX_WAIT_MS;
import static dev.ferry.kernel.testing.PartitionsFixture.ORDERS;
import static dev.ferry.kernel.testing.PartitionsFixture.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.kernel.testing.PartitionsFixture;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.FetchedPartition;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.broker.TopicDescription;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetches that find too little wait on the broker's scheduler until appends bring their min bytes, counted without
 * reading, or max.wait.ms passes.
 */
class DelayedFetchTest {

    private static final long PRODUCER = 7;

    @TempDir
    Path logDir;

    private PartitionsFixture fixture;

    @BeforeEach
    void openOrders() throws IOException {
        fixture = new PartitionsFixture(logDir);
        fixture.openOrders(Map.of());
        fixture.append(fixture.records("already there"));
    }

    @AfterEach
    void close() throws IOException {
        fixture.close();
    }

    @Test
    void aFetchWithDataIsAnsweredAtOnce() throws IOException {
        CompletableFuture<List<FetchedPartition>> fetch = fixture.fetch(0, false);

        assertTrue(fetch.isDone());
        assertEquals(List.of("already there"), values(fetch.join().get(0)));
    }

    @Test
    void aFetchAtTheLogEndIsAnsweredByTheNextAppend() throws IOException {
        CompletableFuture<List<FetchedPartition>> fetch = fixture.fetch(1, false);
        fixture.scheduler.runDue();
        assertFalse(fetch.isDone());

        fixture.append(fixture.records("new"));
        assertFalse(fetch.isDone(), "woken on the scheduler, not on the appending thread");
        fixture.scheduler.runDue();

        assertTrue(fetch.isDone());
        assertEquals(List.of("new"), values(fetch.join().get(0)));
        assertEquals(0, fixture.scheduler.pending(), "its timeout cancelled");
    }

    @Test
    void aFetchAtTheLogEndIsAnsweredEmptyOnceMaxWaitHasPassed() {
        CompletableFuture<List<FetchedPartition>> fetch = fixture.fetch(1, false);

        fixture.scheduler.advance(MAX_WAIT_MS - 1);
        assertFalse(fetch.isDone());
        fixture.scheduler.advance(1);

        assertTrue(fetch.isDone());
        FetchedPartition fetched = fetch.join().get(0);
        assertEquals(BrokerError.NONE, fetched.error());
        assertEquals(0, fetched.records().sizeInBytes());
        assertEquals(1, fetched.highWatermark());
    }

    @Test
    void aFetchWaitsUntilAppendsHaveBroughtItsMinBytes() throws IOException {
        int oneBatch = fixture.records("one").remaining();
        CompletableFuture<List<FetchedPartition>> fetch = fixture.fetch(1, false, 2 * oneBatch);

        fixture.append(fixture.records("one"));
        fixture.scheduler.runDue();
        assertFalse(fetch.isDone(), "one batch is not enough");
        fixture.append(fixture.records("two"));
        fixture.scheduler.runDue();

        assertTrue(fetch.isDone());
        assertEquals(List.of("one", "two"), values(fetch.join().get(0)));
    }

    @Test
    void aReadCommittedFetchIsAnsweredByTheCommitNotByTheTransactionsRecords() throws IOException {
        CompletableFuture<List<FetchedPartition>> fetch = fixture.fetch(1, true);

        fixture.append(fixture.transactional(PRODUCER, 0, "in a transaction"), Optional.of("payments-app"));
        fixture.scheduler.runDue();
        assertFalse(fetch.isDone(), "the records are above the last stable offset");
        fixture.partitions.writeTransactionMarker(ORDERS, new ProducerIdAndEpoch(PRODUCER, (short) 0), true, 0)
                .join();
        fixture.scheduler.runDue();

        assertTrue(fetch.isDone());
        assertEquals(List.of("in a transaction"), values(fetch.join().get(0)));
    }

    @Test
    void deletingTheTopicAnswersTheFetchesWaitingOnIt() throws IOException {
        CompletableFuture<List<FetchedPartition>> fetch = fixture.fetch(1, false);

        fixture.partitions.deleteTopic(new TopicDescription(ORDERS.topic(), UUID.randomUUID(), 1, 1, Map.of()));
        fixture.scheduler.runDue();

        assertTrue(fetch.isDone());
        assertEquals(BrokerError.UNKNOWN_TOPIC_OR_PARTITION, fetch.join().get(0).error());
    }

    @Test
    void closingThePartitionsAnswersTheWaitingFetchesAndThoseAfter() throws IOException {
        CompletableFuture<List<FetchedPartition>> waiting = fixture.fetch(1, false);

        fixture.partitions.close();

        assertTrue(waiting.isDone());
        assertTrue(fixture.fetch(1, false).isDone());
    }
}
