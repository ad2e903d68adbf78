package dev.ferry.kernel.cleaner;

import dev.ferry.coordinator.runtime.ControlBatches;
import dev.ferry.services.broker.AbortedTransaction;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.RecordBatch;

/**
 * The transactions a pass of the cleaner walks through, in offset order, with Kafka's rules for them (KIP-98): the
 * batches of an aborted transaction go; an abort marker stays while its transaction still had batches in this pass
 * (they go now, the marker in a later cleaning); a commit marker stays while batches of its transaction were seen.
 */
final class CleanedTransactions {

    private final PriorityQueue<AbortedTransaction> aborted =
            new PriorityQueue<>(Comparator.comparingLong(AbortedTransaction::firstOffset));
    /** The aborted transactions under way at this point of the pass, with whether a batch of each was seen. */
    private final Map<Long, Boolean> ongoingAborted = new HashMap<>();
    private final Set<Long> ongoingCommitted = new HashSet<>();

    /** @param aborted the aborted transactions with records in the range the pass walks through */
    CleanedTransactions(List<AbortedTransaction> aborted) {
        this.aborted.addAll(aborted);
    }

    /** Takes in a data batch; true when it belongs to an aborted transaction, so that it may go. */
    boolean isAborted(RecordBatch batch) {
        startAbortedUpTo(batch.lastOffset());
        if (!batch.isTransactional()) {
            return false;
        }
        if (ongoingAborted.containsKey(batch.producerId())) {
            ongoingAborted.put(batch.producerId(), true);
            return true;
        }
        ongoingCommitted.add(batch.producerId());
        return false;
    }

    /** Takes in a control batch; true when it may go, its transaction having no batch left. */
    boolean isDiscardableMarker(RecordBatch batch) {
        startAbortedUpTo(batch.lastOffset());
        if (batch.countOrNull() != null && batch.countOrNull() == 0) {
            return true;
        }
        Optional<EndTransactionMarker> marker = ControlBatches.transactionMarker(batch);
        if (marker.isEmpty()) {
            return false;
        }
        if (marker.get().controlType() == ControlRecordType.ABORT) {
            Boolean batchesSeen = ongoingAborted.remove(batch.producerId());
            return batchesSeen == null || !batchesSeen;
        }
        return !ongoingCommitted.remove(batch.producerId());
    }

    private void startAbortedUpTo(long offset) {
        while (!aborted.isEmpty() && aborted.peek().firstOffset() <= offset) {
            ongoingAborted.putIfAbsent(aborted.poll().producerId(), false);
        }
    }
}
