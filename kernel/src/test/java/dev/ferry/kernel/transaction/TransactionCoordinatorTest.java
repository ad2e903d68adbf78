package dev.ferry.kernel.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.kernel.group.ManualTimer;
import dev.ferry.kernel.testing.TestTopics;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.broker.BrokerError;
import dev.ferry.spi.broker.BrokerException;
import dev.ferry.spi.broker.ProducerIdAndEpoch;
import dev.ferry.spi.broker.TransactionDescription;
import dev.ferry.spi.broker.TransactionState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's state machine on the test's thread: its log and markers in memory, a hand-driven clock, and
 * restarts that replay what it appended.
 */
class TransactionCoordinatorTest {

    private static final TransactionConfig CONFIG = new TransactionConfig(4, 104_857_600, 900_000, 604_800_000L, 10_000,
            3_600_000);
    private static final int TIMEOUT_MS = 60_000;
    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);
    private static final TopicPartition OFFSETS_7 = new TopicPartition("__consumer_offsets", 7);
    private static final ProducerIdAndEpoch NONE = ProducerIdAndEpoch.NONE;

    private final MemoryPartitions partitions = new MemoryPartitions();
    private final TestTopics topics = new TestTopics();
    private final AtomicLong nextProducerId = new AtomicLong(1000);
    private ManualTimer timer;
    private TransactionCoordinator coordinator;

    @BeforeEach
    void start() {
        topics.with("orders", 2);
        topics.with("__consumer_offsets", 50);
        coordinator = started(Map.of());
    }

    @Test
    void anIdempotentProducerGetsANewProducerIdAndNothingIsWritten() {
        assertEquals(new ProducerIdAndEpoch(1000, (short) 0), coordinator.initProducerId(null, 0, NONE).join());
        assertEquals(new ProducerIdAndEpoch(1001, (short) 0), coordinator.initProducerId(null, 0, NONE).join());
        assertEquals(0, partitions.appendCount());
    }

    @Test
    void aNewTransactionalIdStartsAtEpochZeroAndSurvivesARestart() {
        // When
        ProducerIdAndEpoch producer = init("payments");

        // Then
        assertEquals(new ProducerIdAndEpoch(1000, (short) 0), producer);
        TransactionDescription described = restarted().describe("payments").join().orElseThrow();
        assertEquals(TransactionState.EMPTY, described.state());
        assertEquals(producer, described.producer());
        assertEquals(TIMEOUT_MS, described.timeoutMs());
    }

    @Test
    void initAgainBumpsTheEpochAndFencesTheOlderProducer() {
        // Given
        ProducerIdAndEpoch first = init("payments");

        // When
        ProducerIdAndEpoch second = init("payments");

        // Then
        assertEquals(new ProducerIdAndEpoch(1000, (short) 1), second);
        assertEquals(BrokerError.PRODUCER_FENCED, addError("payments", first, ORDERS_0));
    }

    @Test
    void aTimeoutOutsideTheAllowedRangeIsRefused() {
        assertEquals(BrokerError.INVALID_TRANSACTION_TIMEOUT,
                errorOf(coordinator.initProducerId("payments", 900_001, NONE)));
        assertEquals(BrokerError.INVALID_TRANSACTION_TIMEOUT, errorOf(coordinator.initProducerId("payments", 0, NONE)));
        assertEquals(Optional.empty(), coordinator.describe("payments").join());
    }

    @Test
    void aCommitIsDurableBeforeItsMarkersAndCompletesAfterThem() {
        // Given
        ProducerIdAndEpoch producer = init("payments");
        assertEquals(BrokerError.NONE, addError("payments", producer, ORDERS_0, ORDERS_1));
        coordinator.addOffsets("payments", producer, "billing").join();

        // When
        coordinator.endTransaction("payments", producer, true).join();

        // Then
        TransactionDescription prepared = coordinator.describe("payments").join().orElseThrow();
        assertEquals(TransactionState.PREPARE_COMMIT, prepared.state());
        assertEquals(Set.of(ORDERS_0, ORDERS_1, OFFSETS_7), prepared.partitions());
        assertEquals(List.of(), partitions.markers());
        timer.advance(0);
        assertEquals(Set.of(new MemoryPartitions.Marker(ORDERS_0, producer, true),
                new MemoryPartitions.Marker(ORDERS_1, producer, true),
                new MemoryPartitions.Marker(OFFSETS_7, producer, true)), Set.copyOf(partitions.markers()));
        TransactionDescription completed = restarted().describe("payments").join().orElseThrow();
        assertEquals(TransactionState.COMPLETE_COMMIT, completed.state());
        assertEquals(Set.of(), completed.partitions());
    }

    @Test
    void aRetriedEndAfterCompletionSucceedsOnlyWithTheSameOutcome() {
        // Given
        ProducerIdAndEpoch producer = init("payments");
        addError("payments", producer, ORDERS_0);
        coordinator.endTransaction("payments", producer, false).join();
        timer.advance(0);

        // Then
        assertEquals(BrokerError.NONE, errorOf(coordinator.endTransaction("payments", producer, false)));
        assertEquals(BrokerError.INVALID_TXN_STATE, errorOf(coordinator.endTransaction("payments", producer, true)));
    }

    @Test
    void anEndWithoutATransactionOrWithAStrangerIsRefused() {
        ProducerIdAndEpoch producer = init("payments");

        assertEquals(BrokerError.INVALID_TXN_STATE, errorOf(coordinator.endTransaction("payments", producer, true)));
        assertEquals(BrokerError.INVALID_PRODUCER_ID_MAPPING,
                errorOf(coordinator.endTransaction("unknown", producer, true)));
        assertEquals(BrokerError.INVALID_PRODUCER_ID_MAPPING,
                errorOf(coordinator.endTransaction("payments", new ProducerIdAndEpoch(7, (short) 0), true)));
        assertEquals(BrokerError.INVALID_PRODUCER_ID_MAPPING, addError("unknown", producer, ORDERS_0));
        assertEquals(BrokerError.INVALID_REQUEST, addError("", producer, ORDERS_0), "as Kafka answers an empty id");
        assertEquals(BrokerError.INVALID_REQUEST, errorOf(coordinator.endTransaction("", producer, true)));
    }

    @Test
    void requestsWhileMarkersAreWrittenAreToldToRetry() {
        // Given
        ProducerIdAndEpoch producer = init("payments");
        addError("payments", producer, ORDERS_0);

        // When
        coordinator.endTransaction("payments", producer, true).join();

        // Then
        assertEquals(BrokerError.CONCURRENT_TRANSACTIONS, addError("payments", producer, ORDERS_1));
        assertEquals(BrokerError.CONCURRENT_TRANSACTIONS, errorOf(coordinator.initProducerId("payments", TIMEOUT_MS,
                NONE)));
        assertEquals(BrokerError.CONCURRENT_TRANSACTIONS,
                errorOf(coordinator.endTransaction("payments", producer, true)));
        assertEquals(BrokerError.INVALID_TXN_STATE, errorOf(coordinator.endTransaction("payments", producer, false)));
    }

    @Test
    void initDuringATransactionAbortsItWithABumpedEpochFirst() {
        // Given
        ProducerIdAndEpoch old = init("payments");
        addError("payments", old, ORDERS_0);

        // When
        BrokerError error = errorOf(coordinator.initProducerId("payments", TIMEOUT_MS, NONE));
        timer.advance(0);

        // Then
        assertEquals(BrokerError.CONCURRENT_TRANSACTIONS, error);
        ProducerIdAndEpoch fencing = new ProducerIdAndEpoch(1000, (short) 1);
        assertEquals(List.of(new MemoryPartitions.Marker(ORDERS_0, fencing, false)), partitions.markers());
        assertEquals(TransactionState.COMPLETE_ABORT, coordinator.describe("payments").join().orElseThrow().state());
        assertEquals(new ProducerIdAndEpoch(1000, (short) 2), init("payments"));
        assertEquals(BrokerError.PRODUCER_FENCED, errorOf(coordinator.endTransaction("payments", old, true)));
    }

    @Test
    void aTransactionPastItsTimeoutIsAbortedAndItsProducerFenced() {
        // Given
        ProducerIdAndEpoch producer = init("payments");
        addError("payments", producer, ORDERS_0);

        // When
        timer.advance(TIMEOUT_MS + CONFIG.abortTimedOutIntervalMs());

        // Then
        TransactionDescription aborted = coordinator.describe("payments").join().orElseThrow();
        assertEquals(TransactionState.COMPLETE_ABORT, aborted.state());
        assertEquals(new ProducerIdAndEpoch(1000, (short) 1), aborted.producer());
        assertEquals(List.of(new MemoryPartitions.Marker(ORDERS_0, aborted.producer(), false)), partitions.markers());
        assertEquals(BrokerError.PRODUCER_FENCED, errorOf(coordinator.endTransaction("payments", producer, true)));
    }

    @Test
    void anIdIdleForLongerThanTheExpirationIsRemovedWithATombstone() {
        // Given
        init("payments");

        // When
        timer.advance(CONFIG.idExpirationMs() + CONFIG.removeExpiredIntervalMs());

        // Then
        assertEquals(Optional.empty(), coordinator.describe("payments").join());
        assertEquals(Map.of(), partitions.replay());
        assertEquals(new ProducerIdAndEpoch(1001, (short) 0), init("payments"));
    }

    @Test
    void aTransactionPreparedAtRestartIsCompleted() {
        // Given
        ProducerIdAndEpoch producer = init("payments");
        addError("payments", producer, ORDERS_0);
        coordinator.endTransaction("payments", producer, true).join();

        // When
        TransactionCoordinator restarted = restarted();
        timer.advance(0);

        // Then
        assertEquals(List.of(new MemoryPartitions.Marker(ORDERS_0, producer, true)), partitions.markers());
        assertEquals(TransactionState.COMPLETE_COMMIT, restarted.describe("payments").join().orElseThrow().state());
    }

    @Test
    void aFailedMarkerIsWrittenAgainAndAPartitionThatIsGoneIsSkipped() {
        // Given
        TopicPartition gone = new TopicPartition("gone", 0);
        ProducerIdAndEpoch producer = init("payments");
        addError("payments", producer, ORDERS_0, gone);
        partitions.failMarkers(ORDERS_0, BrokerError.KAFKA_STORAGE_ERROR);
        partitions.failMarkers(gone, BrokerError.UNKNOWN_TOPIC_OR_PARTITION);
        coordinator.endTransaction("payments", producer, true).join();
        timer.advance(0);
        assertEquals(TransactionState.PREPARE_COMMIT, coordinator.describe("payments").join().orElseThrow().state());

        // When
        partitions.failMarkers(ORDERS_0, null);
        timer.advance(TransactionMarkers.RETRY_BACKOFF_MS);

        // Then
        assertEquals(List.of(new MemoryPartitions.Marker(ORDERS_0, producer, true)), partitions.markers());
        assertEquals(TransactionState.COMPLETE_COMMIT, coordinator.describe("payments").join().orElseThrow().state());
    }

    @Test
    void aFailedWriteChangesNothingAndIsToldAsRetriable() {
        // Given
        ProducerIdAndEpoch producer = init("payments");
        partitions.failAppends(BrokerError.KAFKA_STORAGE_ERROR);

        // When
        BrokerError error = addError("payments", producer, ORDERS_0);

        // Then
        assertEquals(BrokerError.COORDINATOR_NOT_AVAILABLE, error);
        assertEquals(TransactionState.EMPTY, coordinator.describe("payments").join().orElseThrow().state());
        partitions.failAppends(null);
        assertEquals(BrokerError.NONE, addError("payments", producer, ORDERS_0));
        assertEquals(TransactionState.ONGOING, coordinator.describe("payments").join().orElseThrow().state());
    }

    @Test
    void aProducerAskingAgainKeepsItsIdOnlyWithTheCurrentOrPreviousEpoch() {
        // Given
        ProducerIdAndEpoch first = init("payments");

        // When
        ProducerIdAndEpoch bumped = coordinator.initProducerId("payments", TIMEOUT_MS, first).join();

        // Then
        assertEquals(new ProducerIdAndEpoch(1000, (short) 1), bumped);
        assertEquals(bumped, coordinator.initProducerId("payments", TIMEOUT_MS, first).join());
        assertEquals(BrokerError.PRODUCER_FENCED, errorOf(coordinator.initProducerId("payments", TIMEOUT_MS,
                new ProducerIdAndEpoch(1000, (short) 5))));
        assertEquals(BrokerError.PRODUCER_FENCED, errorOf(coordinator.initProducerId("payments", TIMEOUT_MS,
                new ProducerIdAndEpoch(999, (short) 1))));
    }

    @Test
    void aProducerWithItsEpochsUsedUpGetsANewProducerId() {
        // Given
        short exhausted = Short.MAX_VALUE - 1;
        coordinator = started(Map.of("payments", new TransactionMetadata(7, exhausted, RecordBatch.NO_PRODUCER_ID,
                RecordBatch.NO_PRODUCER_EPOCH, TIMEOUT_MS, TransactionState.COMPLETE_COMMIT, Set.of(), 1, 1)));

        // When
        ProducerIdAndEpoch rotated = coordinator.initProducerId("payments", TIMEOUT_MS,
                new ProducerIdAndEpoch(7, exhausted)).join();

        // Then
        assertEquals(new ProducerIdAndEpoch(1000, (short) 0), rotated);
        assertEquals(rotated, coordinator.initProducerId("payments", TIMEOUT_MS,
                new ProducerIdAndEpoch(7, exhausted)).join());
    }

    @Test
    void listHasEveryKnownId() {
        init("payments");
        init("shipping");

        assertEquals(Set.of("payments", "shipping"), coordinator.list(Optional.empty()).join().stream()
                .map(TransactionDescription::transactionalId)
                .collect(java.util.stream.Collectors.toSet()));
        assertEquals(List.of("shipping"), coordinator.list(Optional.of("ship.*")).join().stream()
                .map(TransactionDescription::transactionalId).toList());
        assertEquals(BrokerError.INVALID_REGULAR_EXPRESSION, errorOf(coordinator.list(Optional.of("(a"))));
    }

    private TransactionCoordinator started(Map<String, TransactionMetadata> states) {
        timer = new ManualTimer();
        TransactionLog log = TransactionLog.open(topics, partitions, CONFIG);
        TransactionCoordinator started = new TransactionCoordinator(log,
                new TransactionMarkers(partitions, topics, timer), CONFIG,
                () -> CompletableFuture.completedFuture(nextProducerId.getAndIncrement()), group -> OFFSETS_7, timer,
                () -> { });
        started.start(states);
        return started;
    }

    private TransactionCoordinator restarted() {
        coordinator.close();
        coordinator = started(partitions.replay());
        return coordinator;
    }

    private ProducerIdAndEpoch init(String transactionalId) {
        return coordinator.initProducerId(transactionalId, TIMEOUT_MS, NONE).join();
    }

    private BrokerError addError(String transactionalId, ProducerIdAndEpoch producer, TopicPartition... added) {
        Map<TopicPartition, BrokerError> errors = coordinator.addPartitions(transactionalId, producer, List.of(added))
                .join();
        assertEquals(Set.of(added), errors.keySet());
        assertTrue(errors.values().stream().distinct().count() == 1, "one error for all: " + errors);
        return errors.values().iterator().next();
    }

    private static BrokerError errorOf(CompletableFuture<?> future) {
        try {
            future.join();
            return BrokerError.NONE;
        } catch (CompletionException e) {
            return ((BrokerException) e.getCause()).error();
        }
    }
}
