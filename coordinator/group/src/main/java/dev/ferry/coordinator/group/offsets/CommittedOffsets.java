package dev.ferry.coordinator.group.offsets;

import dev.ferry.coordinator.group.records.GroupRecord;
import dev.ferry.services.group.CommittedOffset;
import dev.ferry.spi.TopicPartition;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.record.RecordBatch;

/**
 * The committed offsets of every group, and the offsets pending in open transactions, as the records of
 * {@code __consumer_offsets} leave them. Of two commits of a partition the one later in the log wins, as in Kafka.
 * Thread-safe; the caller applies each group's records in their log order.
 */
public final class CommittedOffsets {

    private final Map<String, Map<TopicPartition, LoggedOffset>> groups = new HashMap<>();
    private final PendingOffsets pending = new PendingOffsets();

    /**
     * Applies a record written at {@code recordOffset} of {@code source}.
     *
     * @param producerId the transactional producer that wrote it, whose transaction's marker will settle a commit;
     *     {@link RecordBatch#NO_PRODUCER_ID} for a plain write
     */
    public void apply(TopicPartition source, long producerId, GroupRecord record, long recordOffset) {
        if (record instanceof GroupRecord.OffsetCommit commit) {
            LoggedOffset offset = new LoggedOffset(commit.offset(), recordOffset);
            if (producerId == RecordBatch.NO_PRODUCER_ID) {
                commit(commit.groupId(), commit.partition(), offset);
            } else {
                pending.add(source, producerId, commit.groupId(), commit.partition(), offset);
            }
        } else if (record instanceof GroupRecord.OffsetTombstone tombstone) {
            groups.computeIfPresent(tombstone.groupId(), (groupId, offsets) -> {
                offsets.remove(tombstone.partition());
                return offsets.isEmpty() ? null : offsets;
            });
            pending.discard(tombstone.groupId(), tombstone.partition());
        }
        // a group tombstone changes no offset: each of the group's offsets has a tombstone of its own
    }

    /**
     * Settles the producer's offsets pending in {@code source} once a marker there ends its transaction: a commit
     * makes each its group's committed offset, unless a commit later in the log replaced it; an abort drops them.
     */
    public void completeTransaction(TopicPartition source, long producerId, boolean commit) {
        pending.settle(source, producerId, (groupId, partition, offset) -> {
            if (commit) {
                commit(groupId, partition, offset);
            }
        });
    }

    private void commit(String groupId, TopicPartition partition, LoggedOffset offset) {
        groups.compute(groupId, (id, offsets) -> {
            Map<TopicPartition, LoggedOffset> updated = offsets == null ? new HashMap<>() : offsets;
            updated.merge(partition, offset, (current, added) -> added.isAfter(current) ? added : current);
            return updated;
        });
    }

    /** A snapshot of the group's committed offsets; empty when it has none. */
    public Map<TopicPartition, CommittedOffset> committed(String groupId) {
        Map<TopicPartition, CommittedOffset> committed = new HashMap<>();
        groups.getOrDefault(groupId, Map.of())
                .forEach((partition, offset) -> committed.put(partition, offset.offset()));
        return Map.copyOf(committed);
    }

    /**
     * The group's partitions with an offset pending in an open transaction. Ask before {@link #committed}: a
     * transaction settled between the two calls then shows as pending, never as neither pending nor committed.
     */
    public Set<TopicPartition> pendingPartitions(String groupId) {
        return pending.partitions(groupId);
    }

    /** Whether the group has an offset for the partition, committed or pending. */
    public boolean hasOffset(String groupId, TopicPartition partition) {
        return groups.getOrDefault(groupId, Map.of()).containsKey(partition)
                || pending.partitions(groupId).contains(partition);
    }

    /** Whether the group has an offset, committed or pending. */
    public boolean hasOffsets(String groupId) {
        return groups.containsKey(groupId) || !pending.partitions(groupId).isEmpty();
    }

    /** The groups holding at least one offset, committed or pending. */
    public Set<String> groupIds() {
        Set<String> groupIds = new HashSet<>(groups.keySet());
        groupIds.addAll(pending.groupIds());
        return Set.copyOf(groupIds);
    }

    /**
     * The partitions whose offsets a group without members has kept long enough: retention runs from the later
     * of the commit and the moment the group became empty. An offset with a commit pending waits for it, as in
     * Kafka.
     */
    public List<TopicPartition> expired(String groupId, long nowMs, long retentionMs, long emptySinceMs) {
        Set<TopicPartition> pendingPartitions = pending.partitions(groupId);
        return committed(groupId).entrySet().stream()
                .filter(entry -> nowMs - Math.max(emptySinceMs, entry.getValue().commitTimestamp()) >= retentionMs)
                .map(Map.Entry::getKey)
                .filter(partition -> !pendingPartitions.contains(partition))
                .toList();
    }
}
