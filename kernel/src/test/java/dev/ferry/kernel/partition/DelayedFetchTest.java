package dev.ferry.kernel.partition;

import static dev.ferry.kernel.testing.PartitionsFixture.MAX_WAIT_MS;
import static dev.ferry.kernel.testing.PartitionsFixture.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.kernel.testing.PartitionsFixture;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.FetchedPartition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetches that find nothing wait on the broker's scheduler until an append brings data or max.wait.ms passes. */
class DelayedFetchTest {

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
    void closingThePartitionsAnswersTheWaitingFetchesAndThoseAfter() throws IOException {
        CompletableFuture<List<FetchedPartition>> waiting = fixture.fetch(1, false);

        fixture.partitions.close();

        assertTrue(waiting.isDone());
        assertTrue(fixture.fetch(1, false).isDone());
    }
}
