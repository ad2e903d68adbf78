package dev.ferry.kernel.transaction;

import dev.ferry.spi.broker.NewTopic;
import dev.ferry.spi.broker.TopicDescription;
import dev.ferry.spi.broker.Topics;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** Topics by name in memory: what the coordinator asks of them (create its log, see whether a partition exists). */
final class MemoryTopics implements Topics {

    private final Map<String, TopicDescription> topics = new TreeMap<>();

    void add(String name, int partitions) {
        topics.put(name, new TopicDescription(name, UUID.randomUUID(), partitions, 1, Map.of()));
    }

    @Override
    public Collection<TopicDescription> list() {
        return List.copyOf(topics.values());
    }

    @Override
    public Optional<TopicDescription> describe(String name) {
        return Optional.ofNullable(topics.get(name));
    }

    @Override
    public Optional<TopicDescription> describe(UUID topicId) {
        return topics.values().stream().filter(topic -> topic.topicId().equals(topicId)).findFirst();
    }

    @Override
    public TopicDescription create(NewTopic topic, boolean validateOnly) {
        TopicDescription created = new TopicDescription(topic.name(), UUID.randomUUID(),
                topic.partitions().orElse(1), 1, topic.configs());
        topics.put(topic.name(), created);
        return created;
    }

    @Override
    public TopicDescription delete(String name) {
        return topics.remove(name);
    }

    @Override
    public TopicDescription createPartitions(String name, int totalCount, boolean validateOnly) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean autoCreateEnabled() {
        return false;
    }
}
