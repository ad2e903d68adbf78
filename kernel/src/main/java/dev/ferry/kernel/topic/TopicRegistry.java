package dev.ferry.kernel.topic;

import dev.ferry.kernel.partition.PartitionManager;
import dev.ferry.kernel.retention.RetentionPolicies;
import dev.ferry.spi.broker.BrokerError;
import dev.ferry.spi.broker.BrokerException;
import dev.ferry.spi.broker.NewTopic;
import dev.ferry.spi.broker.TopicDescription;
import dev.ferry.spi.broker.Topics;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The topics of this broker: created durably, and their partitions opened, before a client hears of them. */
public final class TopicRegistry implements Topics {

    private static final Logger LOG = LoggerFactory.getLogger(TopicRegistry.class);

    private final TopicStore store;
    private final PartitionManager partitions;
    private final TopicDefaults defaults;
    private final RetentionPolicies retentionPolicies;
    private final Map<String, TopicDescription> byName = new ConcurrentHashMap<>();
    private final Map<UUID, TopicDescription> byId = new ConcurrentHashMap<>();

    private TopicRegistry(TopicStore store, PartitionManager partitions, TopicDefaults defaults,
                          RetentionPolicies retentionPolicies) {
        this.store = store;
        this.partitions = partitions;
        this.defaults = defaults;
        this.retentionPolicies = retentionPolicies;
    }

    /** Loads the stored topics and opens their partitions. */
    public static TopicRegistry load(java.nio.file.Path logDir, PartitionManager partitions, TopicDefaults defaults,
                                     RetentionPolicies retentionPolicies) throws IOException {
        TopicRegistry registry = new TopicRegistry(new TopicStore(logDir), partitions, defaults, retentionPolicies);
        for (TopicDescription topic : registry.store.loadAll()) {
            partitions.openTopic(topic);
            registry.remember(topic);
        }
        LOG.info("Loaded {} topics", registry.byName.size());
        return registry;
    }

    @Override
    public Collection<TopicDescription> list() {
        return List.copyOf(byName.values());
    }

    @Override
    public Optional<TopicDescription> describe(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public Optional<TopicDescription> describe(UUID topicId) {
        return Optional.ofNullable(byId.get(topicId));
    }

    @Override
    public boolean autoCreateEnabled() {
        return defaults.autoCreate();
    }

    @Override
    public synchronized TopicDescription create(NewTopic request, boolean validateOnly) {
        TopicDescription topic = validate(request);
        if (validateOnly) {
            return topic;
        }
        try {
            store.save(topic);
            partitions.openTopic(topic);
        } catch (IOException e) {
            throw new BrokerException(BrokerError.KAFKA_STORAGE_ERROR, "Cannot create topic " + topic.name(), e);
        }
        remember(topic);
        LOG.info("Created topic {} with {} partitions and configs {}", topic.name(), topic.partitions(),
                topic.configs());
        return topic;
    }

    @Override
    public synchronized TopicDescription delete(String name) {
        TopicDescription topic = byName.get(name);
        if (topic == null) {
            throw new BrokerException(BrokerError.UNKNOWN_TOPIC_OR_PARTITION,
                    "This server does not host this topic: " + name);
        }
        if (topic.internal()) {
            throw new BrokerException(BrokerError.INVALID_TOPIC, "Topic " + name + " is internal and cannot be deleted");
        }
        byName.remove(name);
        byId.remove(topic.topicId());
        try {
            store.delete(name);
            partitions.deleteTopic(topic);
        } catch (IOException e) {
            throw new BrokerException(BrokerError.KAFKA_STORAGE_ERROR, "Cannot delete topic " + name, e);
        }
        LOG.info("Deleted topic {}", name);
        return topic;
    }

    @Override
    public synchronized TopicDescription createPartitions(String name, int totalCount, boolean validateOnly) {
        throw new BrokerException(BrokerError.INVALID_REQUEST, "CreatePartitions is not implemented yet");
    }

    /**
     * Replaces a topic's config overrides, durably, and applies them to its running partitions. The caller has
     * validated them.
     *
     * @return the topic as it is afterwards
     * @throws BrokerException {@link BrokerError#UNKNOWN_TOPIC_OR_PARTITION}
     */
    public synchronized TopicDescription setConfigs(String name, Map<String, String> overrides) {
        throw new BrokerException(BrokerError.INVALID_REQUEST, "Changing topic configs is not implemented yet");
    }

    private TopicDescription validate(NewTopic request) {
        TopicRules.validateName(request.name(), byName.keySet());
        if (byName.containsKey(request.name())) {
            throw new BrokerException(BrokerError.TOPIC_ALREADY_EXISTS, "Topic '" + request.name() + "' already exists.");
        }
        int partitionCount = request.partitions().orElse(defaults.partitions());
        if (partitionCount <= 0) {
            throw new BrokerException(BrokerError.INVALID_PARTITIONS, "Number of partitions must be larger than 0.");
        }
        int replicationFactor = request.replicationFactor().orElse(defaults.replicationFactor());
        if (replicationFactor <= 0) {
            throw new BrokerException(BrokerError.INVALID_REPLICATION_FACTOR,
                    "Replication factor must be larger than 0.");
        }
        if (replicationFactor > 1) {
            throw new BrokerException(BrokerError.INVALID_REPLICATION_FACTOR, "Unable to replicate the partition "
                    + replicationFactor + " time(s): The target replication factor of " + replicationFactor
                    + " cannot be reached because only 1 broker(s) are registered.");
        }
        TopicRules.validateConfigs(request.configs(), retentionPolicies);
        return new TopicDescription(request.name(), UUID.randomUUID(), partitionCount, replicationFactor,
                request.configs());
    }

    private void remember(TopicDescription topic) {
        byName.put(topic.name(), topic);
        byId.put(topic.topicId(), topic);
    }
}
