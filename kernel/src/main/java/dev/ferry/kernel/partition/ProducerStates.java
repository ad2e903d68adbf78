package dev.ferry.kernel.partition;

import dev.ferry.services.broker.AbortedTransaction;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.broker.ProducerState;
import dev.ferry.spi.TopicPartition;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;
import org.apache.kafka.common.record.RecordBatch;

/**
 * The idempotent and transactional producers of one partition, as Kafka's leader keeps them: each batch is checked
 * against its producer's epoch and sequence numbers, a retried batch is recognised, and open transactions give the last
 * stable offset. Aborted transactions are remembered for read_committed fetches until retention passes them.
 * Changes happen under the partition's append lock; {@link #abortedTransactions} may be read from any thread.
 */
final class ProducerStates {

    /** An aborted transaction's offsets: from its first record to its abort marker. */
    record AbortedRange(long producerId, long firstOffset, long lastOffset) {
    }

    private final TopicPartition partition;
    private final Map<Long, ProducerEntry> producers = new HashMap<>();
    private final TreeMap<Long, Long> openTransactions = new TreeMap<>();
    /** By the offset of their abort marker, which grows with each one. */
    private final ConcurrentNavigableMap<Long, AbortedRange> aborted = new ConcurrentSkipListMap<>();

    ProducerStates(TopicPartition partition) {
        this.partition = partition;
    }

    /**
     * Checks batches about to be appended, in order, as one append.
     *
     * @param ongoingTransaction for batches a producer sent, whether the coordinator has this partition in the
     *     producer's ongoing transaction, asked of a batch that would open one here; null for the broker's own
     *     batches (transactional offset commits), which are not checked for sequence numbers or transactions, as
     *     Kafka does not check its coordinators' writes
     * @return the batch appended before that the first batch retries, which is then not appended again
     * @throws BrokerException INVALID_PRODUCER_EPOCH, OUT_OF_ORDER_SEQUENCE_NUMBER, INVALID_TXN_STATE or
     *     INVALID_RECORD
     */
    Optional<ProducerEntry.BatchMetadata> check(List<? extends RecordBatch> batches,
                                                Predicate<ProducerIdAndEpoch> ongoingTransaction) {
        boolean fromClient = ongoingTransaction != null;
        // a produce request carries one batch per partition: only the broker's own appends need the map
        Map<Long, PendingProducer> pending = batches.size() > 1 ? new HashMap<>() : Map.of();
        for (int i = 0; i < batches.size(); i++) {
            RecordBatch batch = batches.get(i);
            if (!batch.hasProducerId()) {
                continue;
            }
            ProducerEntry entry = producers.get(batch.producerId());
            PendingProducer before = pending.get(batch.producerId());
            if (before == null) {
                before = entry == null ? PendingProducer.UNKNOWN
                        : new PendingProducer(entry.epoch(), entry.lastSequence(), entry.inTransaction());
            }
            if (fromClient && entry != null && i == 0) {
                Optional<ProducerEntry.BatchMetadata> duplicate = entry.duplicateOf(batch);
                if (duplicate.isPresent()) {
                    return duplicate;
                }
            }
            PendingProducer after = checkOne(batch, before, fromClient);
            if (fromClient && batch.isTransactional() && !before.inTransaction() && !ongoingTransaction.test(
                    new ProducerIdAndEpoch(batch.producerId(), batch.producerEpoch()))) {
                throw new BrokerException(BrokerError.INVALID_TXN_STATE, "Producer " + batch.producerId()
                        + " with epoch " + batch.producerEpoch() + " has no ongoing transaction with " + partition
                        + " in it: add the partition to the transaction first");
            }
            if (batches.size() > 1) {
                pending.put(batch.producerId(), after);
            }
        }
        return Optional.empty();
    }

    private PendingProducer checkOne(RecordBatch batch, PendingProducer before, boolean fromClient) {
        long producerId = batch.producerId();
        int firstSequence = batch.baseSequence();
        if (fromClient && firstSequence < 0) {
            throw new BrokerException(BrokerError.INVALID_RECORD, "Invalid sequence number " + firstSequence
                    + " in record batch with producerId " + producerId);
        }
        if (before != PendingProducer.UNKNOWN && batch.producerEpoch() < before.epoch()) {
            throw new BrokerException(BrokerError.INVALID_PRODUCER_EPOCH, "Epoch of producer " + producerId
                    + " in " + partition + " is " + batch.producerEpoch()
                    + ", which is smaller than the last seen epoch " + before.epoch());
        }
        if (fromClient && before != PendingProducer.UNKNOWN) {
            if (batch.producerEpoch() != before.epoch()) {
                if (firstSequence != 0) {
                    throw new BrokerException(BrokerError.OUT_OF_ORDER_SEQUENCE_NUMBER, "Invalid sequence number for"
                            + " new epoch of producer " + producerId + " in partition " + partition + ": "
                            + batch.producerEpoch() + " (request epoch), " + firstSequence + " (seq. number), "
                            + before.epoch() + " (current producer epoch)");
                }
            } else if (before.lastSequence() != RecordBatch.NO_SEQUENCE
                    && !inSequence(before.lastSequence(), firstSequence)) {
                throw new BrokerException(BrokerError.OUT_OF_ORDER_SEQUENCE_NUMBER, "Out of order sequence number"
                        + " for producer " + producerId + " in partition " + partition + ": " + firstSequence
                        + " (incoming seq. number), " + before.lastSequence() + " (current end sequence number)");
            }
        }
        if (!batch.isTransactional() && before.inTransaction()) {
            throw new BrokerException(BrokerError.INVALID_TXN_STATE, "Expected transactional write from producer "
                    + producerId + " in partition " + partition);
        }
        return new PendingProducer(batch.producerEpoch(), batch.lastSequence(),
                batch.isTransactional() || before.inTransaction());
    }

    private static boolean inSequence(int lastSequence, int nextSequence) {
        return nextSequence == lastSequence + 1 || (nextSequence == 0 && lastSequence == Integer.MAX_VALUE);
    }

    /** Takes in an appended batch, its offsets assigned; a batch without a producer id changes nothing. */
    void append(RecordBatch batch) {
        if (!batch.hasProducerId()) {
            return;
        }
        ProducerEntry entry = producers.computeIfAbsent(batch.producerId(), ProducerEntry::new);
        boolean wasInTransaction = entry.inTransaction();
        entry.append(batch);
        if (!wasInTransaction && entry.inTransaction()) {
            openTransactions.put(entry.transactionFirstOffset(), entry.producerId());
        }
    }

    /**
     * Checks a transaction marker before it is written.
     *
     * @throws BrokerException INVALID_PRODUCER_EPOCH or TRANSACTION_COORDINATOR_FENCED
     */
    void checkMarker(long producerId, short epoch, int coordinatorEpoch) {
        ProducerEntry entry = producers.get(producerId);
        if (entry == null) {
            return;
        }
        if (epoch < entry.epoch()) {
            throw new BrokerException(BrokerError.INVALID_PRODUCER_EPOCH, "Transaction marker of producer "
                    + producerId + " in " + partition + " has epoch " + epoch + ", older than the current epoch "
                    + entry.epoch());
        }
        if (coordinatorEpoch < entry.coordinatorEpoch()) {
            throw new BrokerException(BrokerError.TRANSACTION_COORDINATOR_FENCED, "Transaction marker of producer "
                    + producerId + " in " + partition + " comes from coordinator epoch " + coordinatorEpoch
                    + ", older than " + entry.coordinatorEpoch());
        }
    }

    /**
     * Takes in a transaction marker appended at {@code offset}: the producer's open transaction, if any, ends.
     *
     * @return the transaction it aborted, if it aborted one
     */
    Optional<AbortedRange> endTransaction(long producerId, short epoch, boolean commit, int coordinatorEpoch,
                                          long offset, long timestamp) {
        ProducerEntry entry = producers.computeIfAbsent(producerId, ProducerEntry::new);
        long firstOffset = entry.endTransaction(epoch, coordinatorEpoch, offset, timestamp);
        if (firstOffset < 0) {
            return Optional.empty();
        }
        openTransactions.remove(firstOffset);
        if (commit) {
            return Optional.empty();
        }
        AbortedRange range = new AbortedRange(producerId, firstOffset, offset);
        aborted.put(offset, range);
        return Optional.of(range);
    }

    /**
     * Starts from a snapshot's producers and the aborted transactions before it, as Kafka loads its
     * {@code .snapshot}: the batches after the snapshot's offset are then {@link #append appended}.
     */
    void restore(List<ProducerEntry> snapshot, List<AbortedRange> abortedBefore) {
        for (ProducerEntry entry : snapshot) {
            producers.put(entry.producerId(), entry);
            if (entry.inTransaction()) {
                openTransactions.put(entry.transactionFirstOffset(), entry.producerId());
            }
        }
        abortedBefore.forEach(range -> aborted.put(range.lastOffset(), range));
    }

    /** The producers in Kafka's snapshot format. */
    ByteBuffer snapshot() {
        return ProducerSnapshotFormat.encode(producers.values());
    }

    /**
     * The first offset of the oldest open transaction, or {@code highWatermark} when it is smaller or none is open;
     * never below the log start offset, which retention may have moved past an open transaction's start.
     */
    long lastStableOffset(long logStartOffset, long highWatermark) {
        return openTransactions.isEmpty() ? highWatermark
                : Math.min(Math.max(openTransactions.firstKey(), logStartOffset), highWatermark);
    }

    /** Forgets the aborted transaction whose marker was at {@code markerOffset}, which the log cleaner drops. */
    void forgetAborted(long markerOffset) {
        aborted.remove(markerOffset);
    }

    /** The aborted transactions with records in [{@code fromOffset}, {@code toOffset}). */
    List<AbortedTransaction> abortedTransactions(long fromOffset, long toOffset) {
        List<AbortedTransaction> overlapping = new ArrayList<>();
        for (AbortedRange range : aborted.tailMap(fromOffset).values()) {
            if (range.firstOffset() < toOffset) {
                overlapping.add(new AbortedTransaction(range.producerId(), range.firstOffset()));
            }
        }
        return overlapping;
    }

    /**
     * Forgets what lies wholly before the new log start offset: aborted transactions, and producers whose last write
     * is gone with no transaction open, as Kafka does.
     */
    void logStartMovedTo(long logStartOffset) {
        producers.values().removeIf(entry -> entry.lastOffset() < logStartOffset && !entry.inTransaction());
        aborted.headMap(logStartOffset).clear();
    }

    /**
     * Forgets producers with no transaction open whose last batch is older than {@code producer.id.expiration.ms},
     * as Kafka does; a forgotten producer's next batch is taken with any sequence number.
     */
    void expire(long nowMs, long expirationMs) {
        producers.values().removeIf(entry -> !entry.inTransaction() && nowMs - entry.lastTimestamp() >= expirationMs);
    }

    /** What the log cleaner keeps of each producer: the batch or marker its state was last written with. */
    Map<Long, ProducerLastBatch> lastBatches() {
        Map<Long, ProducerLastBatch> last = new HashMap<>();
        producers.forEach((producerId, entry) ->
                last.put(producerId, new ProducerLastBatch(entry.lastDataOffset(), entry.epoch())));
        return last;
    }

    List<ProducerState> describe() {
        return producers.values().stream().map(ProducerEntry::describe).toList();
    }

    /** A producer as the batches checked so far in one append leave it. */
    private record PendingProducer(short epoch, int lastSequence, boolean inTransaction) {

        static final PendingProducer UNKNOWN = new PendingProducer(RecordBatch.NO_PRODUCER_EPOCH,
                RecordBatch.NO_SEQUENCE, false);
    }
}
