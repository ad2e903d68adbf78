package dev.ferry.coordinator.group.records;

import dev.ferry.spi.TopicPartition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.common.Uuid;

/**
 * Partitions as the consumer-group records hold them: per topic id, the partition numbers. Kafka's records have one
 * such entry type per record; the callers give theirs as functions.
 */
final class TopicIdPartitions {

    private TopicIdPartitions() {
    }

    /**
     * The partitions by topic id, in the order of the topics' names and of the partitions, so that an assignment
     * always gives the same bytes. A topic with no id (deleted meanwhile) is left out, as {@link #byName} leaves out
     * an id with no topic.
     */
    static <T> List<T> byId(Set<TopicPartition> partitions, TopicIds topicIds,
                            BiFunction<Uuid, List<Integer>, T> entry) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        partitions.forEach(partition ->
                byTopic.computeIfAbsent(partition.topic(), topic -> new ArrayList<>()).add(partition.partition()));
        List<T> entries = new ArrayList<>(byTopic.size());
        byTopic.forEach((topic, numbers) -> topicIds.id(topic).ifPresent(id -> {
            numbers.sort(null);
            entries.add(entry.apply(new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits()), numbers));
        }));
        return entries;
    }

    /** The partitions by topic name; those of a topic id the cluster does not know (a deleted topic) are left out. */
    static <T> Set<TopicPartition> byName(List<T> entries, TopicIds topicIds, Function<T, Uuid> topicId,
                                          Function<T, List<Integer>> numbers) {
        Set<TopicPartition> partitions = new HashSet<>();
        for (T entry : entries) {
            Uuid id = topicId.apply(entry);
            topicIds.name(new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits())).ifPresent(topic ->
                    numbers.apply(entry).forEach(number -> partitions.add(new TopicPartition(topic, number))));
        }
        return partitions;
    }
}
