package dev.ferry.coordinator.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.coordinator.runtime.MemoryCoordinatorLog;
import dev.ferry.coordinator.runtime.TestTopics;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.broker.TransactionDescription;
import dev.ferry.services.broker.TransactionState;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.time.ManualScheduler;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator through the coordinator runtime on the test's thread: its shards run on a direct executor, their
 * timers and the markers on a hand-driven clock, its log and markers in memory, and restarts load the shards from
 * what it appended.
 */
class TransactionCoordinatorTest {

    private static final TransactionConfig CONFIG = new TransactionConfig(4, 104_857_600, 900_000, 3_600_000L, 10_000,
            3_600_000);
    private static final int TIMEOUT_MS = 60_000;
    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);
    private static final TopicPartition OFFSETS_7 = new TopicPartition("__consumer_offsets", 7);
    private static final ProducerIdAndEpoch NONE = ProducerIdAndEpoch.NONE;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final MemoryCoordinatorLog<TransactionRecord> log =
            new MemoryCoordinatorLog<>(TransactionLogRecords.CODEC);
    private final MemoryPartitions partitions = new MemoryPartitions();
    private final TestTopics topics = new TestTopics();
    private final AtomicLong nextProducerId = new AtomicLong(1000);
    private TransactionCoordinator coordinator;

    @BeforeEach
    void start() {
        topics.with("orders", 2);
        topics.with("__consumer_offsets", 50);
        coordinator = started(Runnable::run);
    }

    @Test
    void anIdempotentProducerGetsANewProducerIdAndNothingIsWritten() {
        assertEquals(new ProducerIdAndEpoch(1000, (short) 0), coordinator.initProducerId(null, 0, NONE).join());
        assertEquals(new ProducerIdAndEpoch(1001, (short) 0), coordinator.initProducerId(null, 0, NONE).join());
        assertEquals(0, log.recordCount());
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
        scheduler.runDue();
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
        scheduler.runDue();

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
        scheduler.runDue();

        // Then
        assertEquals(BrokerError.CONCURRENT_TRANSACTIONS, error);
        ProducerIdAndEpoch fencing = new ProducerIdAndEpoch(1000, (short) 1);
        assertEquals(List.of(new MemoryPartitions.Marker(ORDERS_0, fencing, false)), partitions.markers());
        assertEquals(TransactionState.COMPLETE_ABORT, state("payments"));
        assertEquals(new ProducerIdAndEpoch(1000, (short) 2), init("payments"));
        assertEquals(BrokerError.PRODUCER_FENCED, errorOf(coordinator.endTransaction("payments", old, true)));
    }

    @Test
    void aTransactionPastItsTimeoutIsAbortedAndItsProducerFenced() {
        // Given
        ProducerIdAndEpoch producer = init("payments");
        addError("payments", producer, ORDERS_0);

        // When
        scheduler.advance(TIMEOUT_MS + CONFIG.abortTimedOutIntervalMs());

        // Then
        TransactionDescription aborted = coordinator.describe("payments").join().orElseThrow();
        assertEquals(TransactionState.COMPLETE_ABORT, aborted.state());
        assertEquals(new ProducerIdAndEpoch(1000, (short) 1), aborted.producer());
        assertEquals(List.of(new MemoryPartitions.Marker(ORDERS_0, aborted.producer(), false)), partitions.markers());
        assertEquals(BrokerError.PRODUCER_FENCED, errorOf(coordinator.endTransaction("payments", producer, true)));
    }

    @Test
    void aTimedOutTransactionIsAbortedAtTheFirstPeriodicCheckAfterItsTimeout() {
        // Given
        ProducerIdAndEpoch producer = init("payments");
        addError("payments", producer, ORDERS_0);
        scheduler.advance(TIMEOUT_MS + CONFIG.abortTimedOutIntervalMs() - 1);
        assertEquals(TransactionState.ONGOING, state("payments"), "the check at its timeout found it in time");

        // When
        scheduler.advance(1);

        // Then
        assertEquals(TransactionState.COMPLETE_ABORT, state("payments"));
    }

    @Test
    void aCompletionThatFailsToBeWrittenIsWrittenAgainOnTheShardsTimer() {
        // Given
        ProducerIdAndEpoch producer = init("payments");
        addError("payments", producer, ORDERS_0);
        coordinator.endTransaction("payments", producer, true).join();
        log.failAppends(BrokerError.KAFKA_STORAGE_ERROR);
        scheduler.runDue();
        assertEquals(TransactionState.PREPARE_COMMIT, state("payments"));
        log.failAppends(null);

        // When
        scheduler.advance(TransactionMarkers.RETRY_BACKOFF_MS);

        // Then
        assertEquals(TransactionState.COMPLETE_COMMIT, state("payments"));
        assertEquals(List.of(new MemoryPartitions.Marker(ORDERS_0, producer, true)), partitions.markers(),
                "the markers are written once");
    }

    @Test
    void anIdIdleForLongerThanTheExpirationIsRemovedWithATombstone() {
        // Given
        init("payments");

        // When
        scheduler.advance(CONFIG.idExpirationMs() + CONFIG.removeExpiredIntervalMs());

        // Then
        assertEquals(Optional.empty(), coordinator.describe("payments").join());
        assertEquals(Optional.empty(), restarted().describe("payments").join());
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
        scheduler.runDue();

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
        scheduler.runDue();
        assertEquals(TransactionState.PREPARE_COMMIT, state("payments"));

        // When
        partitions.failMarkers(ORDERS_0, null);
        scheduler.advance(TransactionMarkers.RETRY_BACKOFF_MS);

        // Then
        assertEquals(List.of(new MemoryPartitions.Marker(ORDERS_0, producer, true)), partitions.markers());
        assertEquals(TransactionState.COMPLETE_COMMIT, state("payments"));
    }

    @Test
    void aFailedWriteChangesNothingAndIsToldAsRetriable() {
        // Given
        ProducerIdAndEpoch producer = init("payments");
        log.failAppends(BrokerError.KAFKA_STORAGE_ERROR);

        // When
        BrokerError error = addError("payments", producer, ORDERS_0);

        // Then
        assertEquals(BrokerError.NOT_COORDINATOR, error);
        assertEquals(TransactionState.EMPTY, state("payments"));
        log.failAppends(null);
        assertEquals(BrokerError.NONE, addError("payments", producer, ORDERS_0));
        assertEquals(TransactionState.ONGOING, state("payments"));
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
        log.append(partitionOf("payments"), NONE, 1, List.of(new TransactionRecord.Update("payments",
                new TransactionMetadata(7, exhausted, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH,
                        TIMEOUT_MS, TransactionState.COMPLETE_COMMIT, Set.of(), 1, 1))));
        restarted();

        // When
        ProducerIdAndEpoch rotated = coordinator.initProducerId("payments", TIMEOUT_MS,
                new ProducerIdAndEpoch(7, exhausted)).join();

        // Then
        assertEquals(new ProducerIdAndEpoch(1000, (short) 0), rotated);
        assertEquals(rotated, coordinator.initProducerId("payments", TIMEOUT_MS,
                new ProducerIdAndEpoch(7, exhausted)).join());
    }

    @Test
    void requestsForAnIdWhosePartitionIsLoadingAreToldToRetry() {
        // Given
        ProducerIdAndEpoch producer = init("payments");
        coordinator.close();
        Queue<Runnable> heldThreads = new ArrayDeque<>();
        coordinator = started(heldThreads::add);

        // When
        CompletableFuture<ProducerIdAndEpoch> early = coordinator.initProducerId("payments", TIMEOUT_MS, NONE);

        // Then
        assertEquals(BrokerError.COORDINATOR_LOAD_IN_PROGRESS, errorOf(early));
        assertEquals(BrokerError.COORDINATOR_LOAD_IN_PROGRESS, addError("payments", producer, ORDERS_0));
        assertEquals(BrokerError.COORDINATOR_LOAD_IN_PROGRESS,
                errorOf(coordinator.endTransaction("payments", producer, true)));
        assertEquals(BrokerError.COORDINATOR_LOAD_IN_PROGRESS, errorOf(coordinator.describe("payments")));
        runAll(heldThreads);
        CompletableFuture<ProducerIdAndEpoch> loaded = coordinator.initProducerId("payments", TIMEOUT_MS, NONE);
        runAll(heldThreads);
        assertEquals(new ProducerIdAndEpoch(1000, (short) 1), loaded.join());
    }

    @Test
    void theVerifierKnowsATransactionFromItsFirstPartitionToItsEnd() {
        // Given
        ProducerIdAndEpoch producer = init("payments");
        assertFalse(coordinator.inTransaction("payments", producer, ORDERS_0));

        // When
        addError("payments", producer, ORDERS_0);

        // Then
        assertTrue(coordinator.inTransaction("payments", producer, ORDERS_0));
        assertFalse(coordinator.inTransaction("payments", producer, ORDERS_1));
        assertFalse(coordinator.inTransaction("payments", new ProducerIdAndEpoch(1000, (short) 1), ORDERS_0));
        assertFalse(coordinator.inTransaction("unknown", producer, ORDERS_0));
        coordinator.endTransaction("payments", producer, true).join();
        assertFalse(coordinator.inTransaction("payments", producer, ORDERS_0),
                "no write joins a transaction being committed");
    }

    @Test
    void theVerifierAnswersForAnIdOnlyOnceItsPartitionIsLoaded() {
        // Given
        ProducerIdAndEpoch producer = init("payments");
        addError("payments", producer, ORDERS_0);
        coordinator.close();
        Queue<Runnable> heldThreads = new ArrayDeque<>();

        // When
        coordinator = started(heldThreads::add);

        // Then
        assertEquals(BrokerError.COORDINATOR_LOAD_IN_PROGRESS, assertThrows(BrokerException.class,
                () -> coordinator.inTransaction("payments", producer, ORDERS_0)).error());
        runAll(heldThreads);
        assertTrue(coordinator.inTransaction("payments", producer, ORDERS_0));
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

    /** A coordinator over the same log, markers and clock, loading its shards on {@code threads}. */
    private TransactionCoordinator started(Executor threads) {
        TransactionCoordinator started = new TransactionCoordinator(CONFIG, TransactionCoordinator.openTopic(topics,
                CONFIG), threads, () -> { }, scheduler, log, new TransactionMarkers(partitions, topics, scheduler),
                () -> CompletableFuture.completedFuture(nextProducerId.getAndIncrement()), group -> OFFSETS_7);
        started.loadAll();
        return started;
    }

    private TransactionCoordinator restarted() {
        coordinator.close();
        coordinator = started(Runnable::run);
        return coordinator;
    }

    private static void runAll(Queue<Runnable> heldThreads) {
        while (!heldThreads.isEmpty()) {
            heldThreads.poll().run();
        }
    }

    private TransactionState state(String transactionalId) {
        return coordinator.describe(transactionalId).join().orElseThrow().state();
    }

    private TopicPartition partitionOf(String transactionalId) {
        return TransactionCoordinator.openTopic(topics, CONFIG).partitionFor(transactionalId);
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
