package dev.ferry.coordinator.transaction;

import dev.ferry.coordinator.runtime.CoordinatorContext;
import dev.ferry.coordinator.runtime.CoordinatorResult;
import dev.ferry.coordinator.runtime.CoordinatorShard;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.broker.TransactionDescription;
import dev.ferry.services.broker.TransactionState;
import dev.ferry.spi.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional ids of one partition of {@code __transaction_state} and their transactions, changed only on the
 * partition's runtime thread, by replaying the records of {@link TransactionRules}' decisions. Once a prepared
 * state is in the log, the transaction's markers are written off the shard and its completion comes back to it as
 * an operation. Kafka's periodic abort of timed-out transactions and expiration of idle ids run on the shard's timer.
 */
final class TransactionShard implements CoordinatorShard<TransactionRecord> {

    /** Writes the markers of a transaction whose prepared state is in the log, then has its shard complete it. */
    @FunctionalInterface
    interface MarkerWriter {
        void writeMarkers(String transactionalId, TransactionMetadata prepared);
    }

    private static final Logger LOG = LoggerFactory.getLogger(TransactionShard.class);
    private static final String ABORT_TIMED_OUT = "abort timed-out transactions";
    private static final String EXPIRE_IDS = "expire transactional ids";
    private static final String COMPLETE = "complete the transaction of ";

    private final CoordinatorContext<TransactionRecord> context;
    private final TransactionConfig config;
    private final OngoingTransactions verifier;
    private final MarkerWriter markers;
    private final Map<String, TransactionMetadata> states = new HashMap<>();
    /** The ids with a transaction under way: the verifier reads them from other threads once published. */
    private final Map<String, TransactionMetadata> ongoing = new ConcurrentHashMap<>();

    TransactionShard(CoordinatorContext<TransactionRecord> context, TransactionConfig config,
                     OngoingTransactions verifier, MarkerWriter markers) {
        this.context = context;
        this.config = config;
        this.verifier = verifier;
        this.markers = markers;
    }

    /**
     * InitProducerId. An id the shard does not know yet, or whose epochs are used up, needs a new producer id, which
     * comes from outside the shard: the decision is then {@link Decision.NeedProducerId}, and the caller asks again
     * with one, the id's state checked anew.
     */
    CoordinatorResult<Decision, TransactionRecord> initProducerId(String transactionalId, int timeoutMs,
                                                                  ProducerIdAndEpoch expected,
                                                                  OptionalLong newProducerId) {
        TransactionMetadata current = states.get(transactionalId);
        if (current == null) {
            if (newProducerId.isEmpty()) {
                return CoordinatorResult.of(new Decision.NeedProducerId());
            }
            current = TransactionMetadata.created(newProducerId.getAsLong(), timeoutMs, nowMs());
        }
        return decided(transactionalId,
                TransactionRules.initProducerId(current, timeoutMs, expected, newProducerId, nowMs()));
    }

    /** AddPartitionsToTxn and AddOffsetsToTxn. */
    CoordinatorResult<Decision, TransactionRecord> addPartitions(String transactionalId, ProducerIdAndEpoch producer,
                                                                 Set<TopicPartition> partitions) {
        TransactionMetadata current = states.get(transactionalId);
        if (current == null) {
            return CoordinatorResult.of(unknown(transactionalId));
        }
        return decided(transactionalId, TransactionRules.addPartitions(current, producer, partitions, nowMs()));
    }

    /** EndTxn: the answer follows the prepared state into the log; the markers follow the answer. */
    CoordinatorResult<Decision, TransactionRecord> endTransaction(String transactionalId, ProducerIdAndEpoch producer,
                                                                  boolean commit) {
        TransactionMetadata current = states.get(transactionalId);
        if (current == null) {
            return CoordinatorResult.of(unknown(transactionalId));
        }
        return decided(transactionalId, TransactionRules.endTransaction(current, producer, commit, nowMs()));
    }

    /**
     * Every marker of {@code prepared} is written: the transaction is complete, if the id is still in that very
     * state. It is not when the shard was loaded again since, from the log: the load completes the transaction
     * itself. A completion that fails to be written is tried again on the shard's timer.
     */
    CoordinatorResult<Void, TransactionRecord> complete(String transactionalId, TransactionMetadata prepared) {
        // replay keeps the record's own metadata, so the state the markers were written for is this very object
        if (states.get(transactionalId) != prepared) {
            return CoordinatorResult.of(null);
        }
        CompletableFuture<Void> appended = new CompletableFuture<>();
        appended.exceptionally(failure -> {
            context.timer().schedule(COMPLETE + transactionalId, TransactionMarkers.RETRY_BACKOFF_MS,
                    () -> complete(transactionalId, prepared));
            return null;
        });
        return new CoordinatorResult<>(List.of(new TransactionRecord.Update(transactionalId,
                prepared.completed(nowMs()))), null, appended, false);
    }

    Optional<TransactionDescription> describe(String transactionalId) {
        return Optional.ofNullable(states.get(transactionalId)).map(metadata -> metadata.describe(transactionalId));
    }

    List<TransactionDescription> list(Predicate<String> listed) {
        List<TransactionDescription> descriptions = new ArrayList<>();
        states.forEach((transactionalId, metadata) -> {
            if (listed.test(transactionalId)) {
                descriptions.add(metadata.describe(transactionalId));
            }
        });
        return descriptions;
    }

    @Override
    public void replay(long offset, long producerId, TransactionRecord record) {
        String transactionalId = record.transactionalId();
        if (record instanceof TransactionRecord.Update update) {
            states.put(transactionalId, update.metadata());
            if (update.metadata().state() == TransactionState.ONGOING) {
                ongoing.put(transactionalId, update.metadata());
                return;
            }
        } else {
            states.remove(transactionalId);
        }
        ongoing.remove(transactionalId);
    }

    /** {@code __transaction_state} is written outside transactions: it holds no markers. */
    @Override
    public void replayTransactionEnd(long producerId, boolean committed) {
    }

    /** Publishes the ongoing transactions, completes those found prepared, and starts Kafka's periodic work. */
    @Override
    public void onLoaded() {
        verifier.publish(context.partition(), ongoing);
        states.forEach((transactionalId, metadata) -> {
            if (metadata.preparing()) {
                LOG.info("Completing the transaction of {} found in state {}", transactionalId,
                        metadata.state().kafkaName());
                markers.writeMarkers(transactionalId, metadata);
            }
        });
        scheduleAbortOfTimedOut();
        scheduleExpiration();
    }

    @Override
    public void onUnloaded() {
        verifier.withdraw(context.partition(), ongoing);
    }

    private void scheduleAbortOfTimedOut() {
        context.timer().schedule(ABORT_TIMED_OUT, config.abortTimedOutIntervalMs(), this::abortTimedOut);
    }

    private void scheduleExpiration() {
        context.timer().schedule(EXPIRE_IDS, config.removeExpiredIntervalMs(), this::expireIdleIds);
    }

    /** Aborts, fencing their producers, the transactions under way for longer than their timeout. */
    private CoordinatorResult<Void, TransactionRecord> abortTimedOut() {
        scheduleAbortOfTimedOut();
        long nowMs = nowMs();
        Map<String, TransactionMetadata> fenced = new LinkedHashMap<>();
        states.forEach((transactionalId, metadata) -> {
            if (TransactionRules.abortIfTimedOut(metadata, nowMs) instanceof Decision.Write write) {
                LOG.info("Aborting the transaction of {} after its timeout of {} ms", transactionalId,
                        metadata.timeoutMs());
                fenced.put(transactionalId, write.target());
            }
        });
        return written(fenced, null);
    }

    /** Removes, with a tombstone each, the ids idle for longer than {@code transactional.id.expiration.ms}. */
    private CoordinatorResult<Void, TransactionRecord> expireIdleIds() {
        scheduleExpiration();
        long nowMs = nowMs();
        List<TransactionRecord> tombstones = new ArrayList<>();
        states.forEach((transactionalId, metadata) -> {
            if (TransactionRules.expired(metadata, nowMs, config.idExpirationMs())) {
                LOG.info("Removing the expired transactional id {}", transactionalId);
                tombstones.add(new TransactionRecord.Tombstone(transactionalId));
            }
        });
        return CoordinatorResult.of(tombstones, null);
    }

    /** A decision about one id, answered once its new state, if any, is in the log. */
    private CoordinatorResult<Decision, TransactionRecord> decided(String transactionalId, Decision decision) {
        return decision instanceof Decision.Write write ? written(Map.of(transactionalId, write.target()), decision)
                : CoordinatorResult.of(decision);
    }

    /** The ids' new states as records; the markers of those prepared are written once the records are in the log. */
    private <T> CoordinatorResult<T, TransactionRecord> written(Map<String, TransactionMetadata> targets, T response) {
        List<TransactionRecord> records = new ArrayList<>();
        targets.forEach((transactionalId, target) ->
                records.add(new TransactionRecord.Update(transactionalId, target)));
        CompletableFuture<Void> appended = new CompletableFuture<>();
        appended.thenRun(() -> targets.forEach((transactionalId, target) -> {
            if (target.preparing()) {
                markers.writeMarkers(transactionalId, target);
            }
        }));
        return new CoordinatorResult<>(records, response, appended, false);
    }

    private long nowMs() {
        return context.clock().milliseconds();
    }

    private static Decision unknown(String transactionalId) {
        return new Decision.Fail(BrokerError.INVALID_PRODUCER_ID_MAPPING, "Unknown transactional id "
                + transactionalId);
    }
}
