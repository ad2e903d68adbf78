package dev.ferry.coordinator.group.offsets;

import dev.ferry.spi.TopicPartition;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The offsets groups committed inside transactions not yet ended (Kafka's TxnOffsetCommit): a producer's offsets
 * wait in the partition of {@code __consumer_offsets} they were written to until a commit or abort marker there
 * settles them. Thread-safe: settling a transaction is atomic for a reader of {@link #partitions}.
 */
final class PendingOffsets {

    /** A producer's open transaction, as one partition of the topic sees it. */
    private record Transaction(TopicPartition offsetsPartition, long producerId) {
    }

    /** Settles one offset of a transaction when its marker comes. */
    @FunctionalInterface
    interface Settlement {
        void settle(String groupId, TopicPartition partition, LoggedOffset offset);
    }

    private final Map<Transaction, Map<String, Map<TopicPartition, LoggedOffset>>> transactions = new HashMap<>();

    /** Records the producer's offset; a later one of the same transaction replaces it. */
    synchronized void add(TopicPartition offsetsPartition, long producerId, String groupId, TopicPartition partition,
                          LoggedOffset offset) {
        transactions.computeIfAbsent(new Transaction(offsetsPartition, producerId), transaction -> new HashMap<>())
                .computeIfAbsent(groupId, group -> new HashMap<>())
                .put(partition, offset);
    }

    /**
     * Hands each offset of the producer's transaction in this partition to {@code settlement}, then forgets the
     * transaction. A reader asking for the pending partitions meanwhile waits, so it sees the offsets either
     * pending or settled, never neither.
     */
    synchronized void settle(TopicPartition offsetsPartition, long producerId, Settlement settlement) {
        Map<String, Map<TopicPartition, LoggedOffset>> groups =
                transactions.remove(new Transaction(offsetsPartition, producerId));
        if (groups != null) {
            groups.forEach((groupId, offsets) ->
                    offsets.forEach((partition, offset) -> settlement.settle(groupId, partition, offset)));
        }
    }

    /** Drops the group's pending offsets of the partition from every transaction, as an offset tombstone does. */
    synchronized void discard(String groupId, TopicPartition partition) {
        transactions.values().removeIf(groups -> {
            Map<TopicPartition, LoggedOffset> offsets = groups.get(groupId);
            if (offsets != null && offsets.remove(partition) != null && offsets.isEmpty()) {
                groups.remove(groupId);
            }
            return groups.isEmpty();
        });
    }

    /** The group's partitions with an offset pending in some transaction. */
    synchronized Set<TopicPartition> partitions(String groupId) {
        Set<TopicPartition> partitions = new HashSet<>();
        transactions.values().forEach(groups -> partitions.addAll(groups.getOrDefault(groupId, Map.of()).keySet()));
        return partitions;
    }

    /** The groups with at least one pending offset. */
    synchronized Set<String> groupIds() {
        Set<String> groupIds = new HashSet<>();
        transactions.values().forEach(groups -> groupIds.addAll(groups.keySet()));
        return groupIds;
    }
}
