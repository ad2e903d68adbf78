package dev.ferry.coordinator.transaction;

import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.broker.TransactionDescription;
import dev.ferry.services.broker.TransactionState;
import dev.ferry.spi.TopicPartition;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.record.RecordBatch;

/**
 * One transactional id's state at the coordinator, as one record of {@code __transaction_state} holds it, plus the
 * two fields Kafka keeps in memory only with this record version (so a restart forgets them, as in Kafka).
 * Immutable: each change makes the next value.
 *
 * @param previousProducerId the producer id before the last InitProducerId; in memory only
 * @param lastProducerEpoch the epoch before the last InitProducerId that a producer may still retry with (KIP-360);
 *     in memory only
 * @param startTimeMs when the current (or last) transaction added its first partition; -1 in {@code Empty}
 * @param lastUpdateTimeMs when this state was written, which starts the id's expiration
 */
record TransactionMetadata(long producerId, short producerEpoch, long previousProducerId, short lastProducerEpoch,
                           int timeoutMs, TransactionState state, Set<TopicPartition> partitions, long startTimeMs,
                           long lastUpdateTimeMs) {

    TransactionMetadata {
        partitions = Set.copyOf(partitions);
    }

    /** A new id: no epoch yet, so that its first InitProducerId bumps it to 0. */
    static TransactionMetadata created(long producerId, int timeoutMs, long nowMs) {
        return new TransactionMetadata(producerId, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_PRODUCER_ID,
                RecordBatch.NO_PRODUCER_EPOCH, timeoutMs, TransactionState.EMPTY, Set.of(), -1, nowMs);
    }

    /** Kafka keeps one epoch below the largest in reserve, so that the coordinator can always fence a producer. */
    static boolean epochExhausted(short epoch) {
        return epoch >= Short.MAX_VALUE - 1;
    }

    ProducerIdAndEpoch producer() {
        return new ProducerIdAndEpoch(producerId, producerEpoch);
    }

    /** InitProducerId: {@code Empty} with the given producer and epochs. */
    TransactionMetadata initialized(long newProducerId, short epoch, short lastEpoch, int newTimeoutMs, long nowMs) {
        return new TransactionMetadata(newProducerId, epoch, producerId, lastEpoch, newTimeoutMs,
                TransactionState.EMPTY, Set.of(), -1, nowMs);
    }

    /** AddPartitionsToTxn: {@code Ongoing}; a transaction that starts here starts now. */
    TransactionMetadata withPartitions(Set<TopicPartition> added, long nowMs) {
        Set<TopicPartition> all = new HashSet<>(partitions);
        all.addAll(added);
        long start = state == TransactionState.ONGOING ? startTimeMs : nowMs;
        return with(producerEpoch, lastProducerEpoch, TransactionState.ONGOING, all, start, nowMs);
    }

    /** EndTxn: {@code PrepareCommit} or {@code PrepareAbort}, keeping the partitions that need a marker. */
    TransactionMetadata prepared(boolean commit, long nowMs) {
        return with(producerEpoch, lastProducerEpoch, commit ? TransactionState.PREPARE_COMMIT
                : TransactionState.PREPARE_ABORT, partitions, startTimeMs, nowMs);
    }

    /** An abort the coordinator starts itself, with an epoch that fences the producer out. */
    TransactionMetadata fenced(short bumpedEpoch, long nowMs) {
        return with(bumpedEpoch, RecordBatch.NO_PRODUCER_EPOCH, TransactionState.PREPARE_ABORT, partitions,
                startTimeMs, nowMs);
    }

    /** Every marker is written: {@code CompleteCommit} or {@code CompleteAbort}, with no partitions left. */
    TransactionMetadata completed(long nowMs) {
        return with(producerEpoch, lastProducerEpoch, state == TransactionState.PREPARE_COMMIT
                ? TransactionState.COMPLETE_COMMIT : TransactionState.COMPLETE_ABORT, Set.of(), startTimeMs, nowMs);
    }

    boolean preparing() {
        return state == TransactionState.PREPARE_COMMIT || state == TransactionState.PREPARE_ABORT;
    }

    /** Kafka lets an id expire only with no transaction under way. */
    boolean expirable() {
        return state == TransactionState.EMPTY || state == TransactionState.COMPLETE_COMMIT
                || state == TransactionState.COMPLETE_ABORT;
    }

    TransactionDescription describe(String transactionalId) {
        return new TransactionDescription(transactionalId, state, producer(), timeoutMs, startTimeMs, partitions);
    }

    private TransactionMetadata with(short epoch, short lastEpoch, TransactionState newState,
                                     Set<TopicPartition> newPartitions, long start, long nowMs) {
        return new TransactionMetadata(producerId, epoch, previousProducerId, lastEpoch, timeoutMs, newState,
                newPartitions, start, nowMs);
    }
}
