package dev.ferry.kernel.group.offsets;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.group.CommittedOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committed offsets of every group, as the records of {@value OffsetStore#TOPIC} leave them. Thread-safe; the
 * caller applies each group's records in their log order.
 */
final class CommittedOffsets {

    private static final Logger LOG = LoggerFactory.getLogger(CommittedOffsets.class);

    private final Map<String, Map<TopicPartition, CommittedOffset>> groups = new ConcurrentHashMap<>();

    /** Applies the records of a batch read back from the log; a record that cannot be read is logged and skipped. */
    void replay(TopicPartition source, RecordBatch batch) {
        if (batch.isControlBatch()) {
            return;
        }
        for (Record record : batch) {
            try {
                OffsetRecords.decode(record.key(), record.value()).ifPresent(this::apply);
            } catch (IllegalArgumentException e) {
                LOG.warn("Skipping record {} of {}: {}", record.offset(), source, e.getMessage());
            }
        }
    }

    void apply(OffsetRecord record) {
        if (record instanceof OffsetRecord.Commit commit) {
            groups.compute(commit.groupId(), (groupId, offsets) -> {
                Map<TopicPartition, CommittedOffset> updated = offsets == null ? new ConcurrentHashMap<>() : offsets;
                updated.put(commit.partition(), commit.offset());
                return updated;
            });
        } else if (record instanceof OffsetRecord.OffsetTombstone tombstone) {
            groups.computeIfPresent(tombstone.groupId(), (groupId, offsets) -> {
                offsets.remove(tombstone.partition());
                return offsets.isEmpty() ? null : offsets;
            });
        }
        // a group tombstone changes no offset: each of the group's offsets has a tombstone of its own
    }

    /** A snapshot of the group's offsets; empty when it has none. */
    Map<TopicPartition, CommittedOffset> committed(String groupId) {
        return Optional.ofNullable(groups.get(groupId)).map(Map::copyOf).orElse(Map.of());
    }

    boolean hasOffsets(String groupId) {
        return groups.containsKey(groupId);
    }

    Set<String> groupIds() {
        return Set.copyOf(groups.keySet());
    }

    /**
     * The partitions whose offsets a group without members has kept long enough: retention runs from the later
     * of the commit and the moment the group became empty.
     */
    List<TopicPartition> expired(String groupId, long nowMs, long retentionMs, long emptySinceMs) {
        return committed(groupId).entrySet().stream()
                .filter(entry -> nowMs - Math.max(emptySinceMs, entry.getValue().commitTimestamp()) >= retentionMs)
                .map(Map.Entry::getKey)
                .toList();
    }
}
