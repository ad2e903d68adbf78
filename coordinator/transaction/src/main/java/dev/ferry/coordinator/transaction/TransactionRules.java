package dev.ferry.coordinator.transaction;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.broker.TransactionState;
import dev.ferry.spi.TopicPartition;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.common.record.RecordBatch;

/**
 * Kafka's transaction coordinator checks and transitions for clients of transaction version 0 and 1 (no epoch bump
 * per transaction), as pure functions of one id's state. The id's shard applies them one request at a time, so no
 * change of the id is ever half-made when a rule looks at it; a transaction being completed answers
 * {@link BrokerError#CONCURRENT_TRANSACTIONS} until its markers are written.
 */
final class TransactionRules {

    private static final Decision DONE = new Decision.Done();

    private TransactionRules() {
    }

    /**
     * InitProducerId for an id the coordinator knows (a new one arrives as {@link TransactionMetadata#created}).
     *
     * @param current the producer's id and epoch when it asks again after an error (KIP-360), else none
     * @param newProducerId a fresh producer id, once a {@link Decision.NeedProducerId} asked for it
     */
    static Decision initProducerId(TransactionMetadata metadata, int timeoutMs, ProducerIdAndEpoch current,
                                   OptionalLong newProducerId, long nowMs) {
        boolean expected = current.producerId() != RecordBatch.NO_PRODUCER_ID
                || current.epoch() != RecordBatch.NO_PRODUCER_EPOCH;
        if (expected && (current.producerId() == RecordBatch.NO_PRODUCER_ID
                || current.epoch() == RecordBatch.NO_PRODUCER_EPOCH)) {
            return fail(BrokerError.INVALID_REQUEST, "A producer id and epoch must be given together");
        }
        if (expected && !mayContinue(metadata, current)) {
            return fail(BrokerError.PRODUCER_FENCED, "Producer " + current + " has been fenced by a newer one");
        }
        switch (metadata.state()) {
            case PREPARE_COMMIT, PREPARE_ABORT:
                return fail(BrokerError.CONCURRENT_TRANSACTIONS, "The last transaction is being completed");
            case ONGOING:
                // the epoch this abort takes is never given to a producer: its retry bumps it once more
                return fence(metadata, nowMs);
            case EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT:
                return bumpEpoch(metadata, timeoutMs, expected ? current : null, newProducerId, nowMs);
            default:
                throw new IllegalStateException("Transactional id in state " + metadata.state());
        }
    }

    /** AddPartitionsToTxn and AddOffsetsToTxn. */
    static Decision addPartitions(TransactionMetadata metadata, ProducerIdAndEpoch producer,
                                  Set<TopicPartition> partitions, long nowMs) {
        Decision refused = checkProducer(metadata, producer);
        if (refused != null) {
            return refused;
        }
        if (metadata.preparing()) {
            return fail(BrokerError.CONCURRENT_TRANSACTIONS, "The last transaction is being completed");
        }
        if (metadata.state() == TransactionState.ONGOING && metadata.partitions().containsAll(partitions)) {
            return DONE;
        }
        return new Decision.Write(metadata.withPartitions(partitions, nowMs));
    }

    /** EndTxn from a client. */
    static Decision endTransaction(TransactionMetadata metadata, ProducerIdAndEpoch producer, boolean commit,
                                   long nowMs) {
        Decision refused = checkProducer(metadata, producer);
        if (refused != null) {
            return refused;
        }
        TransactionState same = commit ? TransactionState.COMPLETE_COMMIT : TransactionState.COMPLETE_ABORT;
        TransactionState preparingSame = commit ? TransactionState.PREPARE_COMMIT : TransactionState.PREPARE_ABORT;
        if (metadata.state() == TransactionState.ONGOING) {
            return new Decision.Write(metadata.prepared(commit, nowMs));
        }
        if (metadata.state() == same) {
            return DONE;
        }
        if (metadata.state() == preparingSame) {
            return fail(BrokerError.CONCURRENT_TRANSACTIONS, "The transaction is being completed");
        }
        return fail(BrokerError.INVALID_TXN_STATE, "Cannot " + (commit ? "commit" : "abort") + " in state "
                + metadata.state().kafkaName());
    }

    /** The periodic abort: a transaction under way for longer than its timeout is aborted and its producer fenced. */
    static Decision abortIfTimedOut(TransactionMetadata metadata, long nowMs) {
        if (metadata.state() != TransactionState.ONGOING
                || metadata.startTimeMs() + metadata.timeoutMs() >= nowMs) {
            return DONE;
        }
        return fence(metadata, nowMs);
    }

    /** The periodic expiration: an id with no transaction under way and no change for that long is removed. */
    static boolean expired(TransactionMetadata metadata, long nowMs, long expirationMs) {
        return metadata.expirable() && metadata.lastUpdateTimeMs() <= nowMs - expirationMs;
    }

    /**
     * KIP-360: a producer asking again continues when the id has no epoch yet, when it has the current producer id
     * (its epoch is checked when bumping), or when it has the previous one with its epochs used up (a retry of the
     * call that gave it a new producer id).
     */
    private static boolean mayContinue(TransactionMetadata metadata, ProducerIdAndEpoch current) {
        return metadata.producerEpoch() == RecordBatch.NO_PRODUCER_EPOCH
                || current.producerId() == metadata.producerId()
                || current.producerId() == metadata.previousProducerId()
                && TransactionMetadata.epochExhausted(current.epoch());
    }

    private static Decision bumpEpoch(TransactionMetadata metadata, int timeoutMs, ProducerIdAndEpoch expected,
                                      OptionalLong newProducerId, long nowMs) {
        short epoch = metadata.producerEpoch();
        if (TransactionMetadata.epochExhausted(epoch) && (expected == null || expected.epoch() == epoch)) {
            if (newProducerId.isEmpty()) {
                return new Decision.NeedProducerId();
            }
            short lastEpoch = expected == null ? RecordBatch.NO_PRODUCER_EPOCH : epoch;
            return new Decision.Write(
                    metadata.initialized(newProducerId.getAsLong(), (short) 0, lastEpoch, timeoutMs, nowMs));
        }
        if (expected == null) {
            return new Decision.Write(metadata.initialized(metadata.producerId(), (short) (epoch + 1),
                    RecordBatch.NO_PRODUCER_EPOCH, timeoutMs, nowMs));
        }
        if (epoch == RecordBatch.NO_PRODUCER_EPOCH || expected.epoch() == epoch) {
            return new Decision.Write(
                    metadata.initialized(metadata.producerId(), (short) (epoch + 1), epoch, timeoutMs, nowMs));
        }
        if (expected.epoch() == metadata.lastProducerEpoch()) {
            // a retry of a call that succeeded: the producer gets the epoch it was given, not a new one
            return new Decision.Write(metadata.initialized(metadata.producerId(), epoch, metadata.lastProducerEpoch(),
                    timeoutMs, nowMs));
        }
        return fail(BrokerError.PRODUCER_FENCED, "Epoch " + expected.epoch() + " is neither the current epoch "
                + epoch + " nor the previous one");
    }

    /**
     * The state changes only once its record is written, so a fence whose write failed leaves the epoch as it was and
     * the next fence takes the same bumped epoch (Kafka needs a flag for this, as it bumps before writing).
     */
    private static Decision fence(TransactionMetadata metadata, long nowMs) {
        short epoch = metadata.producerEpoch();
        if (epoch == Short.MAX_VALUE) {
            throw new IllegalStateException("Cannot fence a producer with epoch " + Short.MAX_VALUE);
        }
        return new Decision.Write(metadata.fenced((short) (epoch + 1), nowMs));
    }

    /** Kafka's first checks of AddPartitionsToTxn, AddOffsetsToTxn and EndTxn; null when they pass. */
    private static Decision checkProducer(TransactionMetadata metadata, ProducerIdAndEpoch producer) {
        if (metadata.producerId() != producer.producerId()) {
            return fail(BrokerError.INVALID_PRODUCER_ID_MAPPING,
                    "Producer id " + producer.producerId() + " does not belong to the transactional id");
        }
        if (metadata.producerEpoch() != producer.epoch()) {
            return fail(BrokerError.PRODUCER_FENCED, "Epoch " + producer.epoch() + " is not the current epoch "
                    + metadata.producerEpoch());
        }
        return null;
    }

    private static Decision fail(BrokerError error, String message) {
        return new Decision.Fail(error, message);
    }
}
