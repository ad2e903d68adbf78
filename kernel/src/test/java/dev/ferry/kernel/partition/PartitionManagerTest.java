package dev.ferry.kernel.partition;

import static dev.ferry.kernel.testing.PartitionsFixture.ORDERS;
import static dev.ferry.kernel.testing.PartitionsFixture.batches;
import static dev.ferry.kernel.testing.PartitionsFixture.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.kernel.testing.PartitionsFixture;
import dev.ferry.services.broker.AbortedTransaction;
import dev.ferry.services.broker.Acks;
import dev.ferry.services.broker.AppendResult;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.FetchedPartition;
import dev.ferry.services.broker.PartitionOffsets;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.broker.TopicDescription;
import dev.ferry.spi.TopicPartition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appends, offsets, the high watermark and the last stable offset of a partition over the segment engine. */
class PartitionManagerTest {

    private static final long PRODUCER = 7;
    private static final Optional<String> TRANSACTIONAL_ID = Optional.of("payments-app");

    @TempDir
    Path logDir;

    private PartitionsFixture fixture;

    @BeforeEach
    void openOrders() throws IOException {
        fixture = new PartitionsFixture(logDir);
        fixture.openOrders(Map.of());
    }

    @AfterEach
    void close() throws IOException {
        fixture.close();
    }

    @Test
    void appendsTakeConsecutiveOffsetsAndTheHighWatermarkFollowsTheLogEnd() throws IOException {
        AppendResult first = fixture.append(fixture.records("a", "b", "c"));
        AppendResult second = fixture.append(fixture.records("d"));

        assertEquals(new AppendResult(0, -1, 0), first);
        assertEquals(new AppendResult(3, -1, 0), second);
        assertEquals(new PartitionOffsets(0, 4, 4, 4), fixture.partitions.offsets(ORDERS));
        FetchedPartition fetched = fixture.fetch(1, false).join().get(0);
        assertEquals(BrokerError.NONE, fetched.error());
        assertEquals(4, fetched.highWatermark());
        assertEquals(List.of(0L, 3L), batches(fetched).stream().map(RecordBatch::baseOffset).toList(),
                "whole batches, from the one holding the fetch offset");
        assertEquals(List.of("a", "b", "c", "d"), values(fetched));
    }

    @Test
    void aRetriedIdempotentBatchGetsItsFirstOffsetAgainAndIsNotAppendedTwice() {
        fixture.append(fixture.idempotent(PRODUCER, 0, "a", "b"));

        AppendResult retry = fixture.append(fixture.idempotent(PRODUCER, 0, "a", "b"));

        assertEquals(0, retry.baseOffset());
        assertEquals(2, fixture.partitions.offsets(ORDERS).logEndOffset());
    }

    @Test
    void anOpenTransactionHoldsTheLastStableOffsetAndReadCommittedFetchesBelowIt() throws IOException {
        fixture.append(fixture.records("before"));
        fixture.append(fixture.transactional(PRODUCER, 0, "t1", "t2"), TRANSACTIONAL_ID);
        fixture.append(fixture.records("after"));

        assertEquals(new PartitionOffsets(0, 4, 1, 4), fixture.partitions.offsets(ORDERS));
        FetchedPartition committed = fixture.fetch(0, true).join().get(0);
        assertEquals(1, committed.lastStableOffset());
        assertEquals(List.of("before"), values(committed));
        assertEquals(List.of("before", "t1", "t2", "after"), values(fixture.fetch(0, false).join().get(0)));

        fixture.partitions.writeTransactionMarker(ORDERS, new ProducerIdAndEpoch(PRODUCER, (short) 0), true, 0)
                .join();

        assertEquals(new PartitionOffsets(0, 5, 5, 5), fixture.partitions.offsets(ORDERS));
        assertEquals(List.of("before", "t1", "t2", "after"), values(fixture.fetch(0, true).join().get(0)));
    }

    @Test
    void aReadCommittedFetchIsToldOfTheAbortedTransactionsItReads() throws IOException {
        fixture.append(fixture.transactional(PRODUCER, 0, "t1"), TRANSACTIONAL_ID);

        fixture.partitions.writeTransactionMarker(ORDERS, new ProducerIdAndEpoch(PRODUCER, (short) 0), false, 0)
                .join();

        FetchedPartition fetched = fixture.fetch(0, true).join().get(0);
        assertEquals(2, fetched.lastStableOffset());
        assertEquals(List.of(new AbortedTransaction(PRODUCER, 0)), fetched.abortedTransactions());
    }

    @Test
    void logAppendTimeStampsBatchesWithTheBrokersClock() throws IOException {
        fixture.partitions.reconfigure(new TopicDescription(ORDERS.topic(), UUID.randomUUID(), 1, 1,
                Map.of("message.timestamp.type", "LogAppendTime")));
        fixture.scheduler.advance(5_000);

        AppendResult appended = fixture.append(PartitionsFixture.batch(RecordBatch.NO_PRODUCER_ID,
                RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false, 42, "a"));

        assertEquals(fixture.scheduler.milliseconds(), appended.logAppendTime());
        RecordBatch stored = batches(fixture.fetch(0, false).join().get(0)).get(0);
        assertEquals(TimestampType.LOG_APPEND_TIME, stored.timestampType());
        assertEquals(fixture.scheduler.milliseconds(), stored.maxTimestamp());
    }

    @Test
    void aTimestampFurtherAheadOfTheBrokersClockThanTheTopicAllowsIsRefused() {
        long now = fixture.scheduler.milliseconds();
        long afterMaxMs = 3_600_000;

        fixture.append(PartitionsFixture.batch(RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH,
                RecordBatch.NO_SEQUENCE, false, now + afterMaxMs, "at the limit"));
        CompletionException refused = assertThrows(CompletionException.class,
                () -> fixture.append(PartitionsFixture.batch(RecordBatch.NO_PRODUCER_ID,
                        RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false, now + afterMaxMs + 1,
                        "too far ahead")));

        assertEquals(BrokerError.INVALID_TIMESTAMP, assertInstanceOf(BrokerException.class, refused.getCause())
                .error());
        fixture.scheduler.advance(1);
        fixture.append(PartitionsFixture.batch(RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH,
                RecordBatch.NO_SEQUENCE, false, now + afterMaxMs + 1, "within the limit a millisecond later"));
    }

    @Test
    void pipelinedAppendsTakeOffsetsInTheOrderTheyWereGiven() throws IOException {
        List<CompletableFuture<AppendResult>> appends = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            appends.add(fixture.partitions.append(ORDERS, fixture.records("r" + i), Acks.NONE, Optional.empty()));
        }

        for (int i = 0; i < appends.size(); i++) {
            assertEquals(i, appends.get(i).join().baseOffset());
        }
        assertEquals("r199", values(fixture.fetch(199, false).join().get(0)).get(0));
    }

    @Test
    void anAppendOnceThePartitionsAreClosedIsRefusedAsAStorageError() throws IOException {
        fixture.partitions.close();

        CompletionException refused = assertThrows(CompletionException.class, () -> fixture.append(
                fixture.records("too late")));

        assertEquals(BrokerError.KAFKA_STORAGE_ERROR,
                assertInstanceOf(BrokerException.class, refused.getCause()).error());
    }

    @Test
    void anAppendToAPartitionNotHostedHereFails() {
        CompletionException failed = assertThrows(CompletionException.class, () -> fixture.partitions.append(
                new TopicPartition("unknown", 0), fixture.records("a"), Acks.LEADER, Optional.empty()).join());

        assertEquals(BrokerError.UNKNOWN_TOPIC_OR_PARTITION,
                assertInstanceOf(BrokerException.class, failed.getCause()).error());
    }
}
