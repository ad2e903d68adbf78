package dev.ferry.kernel.topic;

import dev.ferry.kernel.metadata.MetadataStore;
import dev.ferry.kernel.partition.PartitionManager;
import dev.ferry.kernel.retention.CleanupPolicies;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.NewTopic;
import dev.ferry.services.broker.TopicDescription;
import dev.ferry.services.broker.Topics;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topics of this broker, kept in the metadata store: every change is durable there before it is visible here,
 * and before a client hears of it. Changes are serialised; reads are lock-free.
 */
public final class TopicRegistry implements Topics {

    /** Kafka's limit of the partitions one request may create ({@code MAX_PARTITIONS_PER_BATCH}). */
    static final int MAX_PARTITIONS_PER_REQUEST = 10_000;
    /** The name of Kafka's metadata log, which no topic may take. */
    private static final String CLUSTER_METADATA = "__cluster_metadata";

    private static final Logger LOG = LoggerFactory.getLogger(TopicRegistry.class);

    private final MetadataStore store;
    private final PartitionManager partitions;
    private final TopicDefaults defaults;
    private final CleanupPolicies cleanupPolicies;
    private final Map<String, TopicDescription> byName = new ConcurrentHashMap<>();
    private final Map<UUID, TopicDescription> byId = new ConcurrentHashMap<>();

    private TopicRegistry(MetadataStore store, PartitionManager partitions, TopicDefaults defaults,
                          CleanupPolicies cleanupPolicies) {
        this.store = store;
        this.partitions = partitions;
        this.defaults = defaults;
        this.cleanupPolicies = cleanupPolicies;
    }

    /** Loads the topics of the store's metadata and opens their partitions. */
    public static TopicRegistry load(MetadataStore store, PartitionManager partitions, TopicDefaults defaults,
                                     CleanupPolicies cleanupPolicies) throws IOException {
        TopicRegistry registry = new TopicRegistry(store, partitions, defaults, cleanupPolicies);
        for (TopicDescription topic : store.image().topics().values()) {
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
        change("create topic " + topic.name(), () -> store.createTopic(topic));
        remember(topic);
        openPartitions(topic);
        LOG.info("Created topic {} with {} partitions and configs {}", topic.name(), topic.partitions(),
                topic.configs());
        return topic;
    }

    /**
     * Deletes a topic: gone from the metadata, durably, then its partitions are taken out of service; the storage
     * engine removes their files in the background.
     */
    @Override
    public synchronized TopicDescription delete(String name) {
        TopicDescription topic = existing(name);
        if (topic.internal()) {
            throw new BrokerException(BrokerError.INVALID_TOPIC, "Topic " + name + " is internal and cannot be deleted");
        }
        change("delete topic " + name, () -> store.deleteTopic(topic.topicId()));
        byName.remove(name);
        byId.remove(topic.topicId());
        try {
            partitions.deleteTopic(topic);
        } catch (IOException e) {
            LOG.error("Topic {} is deleted, but removing its partition logs failed; the next start removes them",
                    name, e);
        }
        LOG.info("Deleted topic {}", name);
        return topic;
    }

    @Override
    public synchronized TopicDescription createPartitions(String name, int totalCount, boolean validateOnly) {
        TopicDescription topic = existing(name);
        if (topic.internal()) {
            throw new BrokerException(BrokerError.INVALID_TOPIC, "Topic " + name
                    + " is internal: its partitions cannot be changed");
        }
        if (totalCount == topic.partitions()) {
            throw new BrokerException(BrokerError.INVALID_PARTITIONS, "Topic already has " + topic.partitions()
                    + " partition(s).");
        }
        if (totalCount < topic.partitions()) {
            throw new BrokerException(BrokerError.INVALID_PARTITIONS, "The topic " + name + " currently has "
                    + topic.partitions() + " partition(s); " + totalCount + " would not be an increase.");
        }
        checkPartitionsPerRequest((long) totalCount - topic.partitions());
        TopicDescription grown = new TopicDescription(name, topic.topicId(), totalCount, topic.replicationFactor(),
                topic.configs());
        if (validateOnly) {
            return grown;
        }
        change("add partitions to topic " + name, () -> store.setPartitionCount(topic.topicId(), totalCount));
        remember(grown);
        openPartitions(grown);
        LOG.info("Topic {} grew from {} to {} partitions", name, topic.partitions(), totalCount);
        return grown;
    }

    /**
     * Replaces a topic's config overrides, durably, and applies them to its running partitions. The caller has
     * validated them.
     *
     * @return the topic as it is afterwards
     * @throws BrokerException {@link BrokerError#UNKNOWN_TOPIC_OR_PARTITION}
     */
    public synchronized TopicDescription setConfigs(String name, Map<String, String> overrides) {
        TopicDescription topic = existing(name);
        TopicDescription updated = new TopicDescription(name, topic.topicId(), topic.partitions(),
                topic.replicationFactor(), overrides);
        change("change the configs of topic " + name, () -> store.setTopicConfigs(topic.topicId(), overrides));
        remember(updated);
        partitions.reconfigure(updated);
        LOG.info("Topic {} has the configs {}", name, updated.configs());
        return updated;
    }

    private TopicDescription existing(String name) {
        TopicDescription topic = byName.get(name);
        if (topic == null) {
            throw new BrokerException(BrokerError.UNKNOWN_TOPIC_OR_PARTITION,
                    "This server does not host this topic-partition.");
        }
        return topic;
    }

    private TopicDescription validate(NewTopic request) {
        if (CLUSTER_METADATA.equals(request.name())) {
            throw new BrokerException(BrokerError.INVALID_REQUEST, "Creation of internal topic "
                    + CLUSTER_METADATA + " is prohibited.");
        }
        TopicRules.validateName(request.name(), byName.keySet());
        if (byName.containsKey(request.name())) {
            throw new BrokerException(BrokerError.TOPIC_ALREADY_EXISTS, "Topic '" + request.name() + "' already exists.");
        }
        int partitionCount = request.partitions().orElse(defaults.partitions());
        if (partitionCount <= 0) {
            throw new BrokerException(BrokerError.INVALID_PARTITIONS,
                    "Number of partitions was set to an invalid non-positive value.");
        }
        checkPartitionsPerRequest(partitionCount);
        int replicationFactor = request.replicationFactor().orElse(defaults.replicationFactor());
        if (replicationFactor <= 0) {
            throw new BrokerException(BrokerError.INVALID_REPLICATION_FACTOR,
                    "Replication factor must be larger than 0, or -1 to use the default value.");
        }
        if (replicationFactor > 1) {
            throw new BrokerException(BrokerError.INVALID_REPLICATION_FACTOR, "Unable to replicate the partition "
                    + replicationFactor + " time(s): The target replication factor of " + replicationFactor
                    + " cannot be reached because only 1 broker(s) are registered.");
        }
        TopicConfigValidation.validate(request.configs(), cleanupPolicies);
        return new TopicDescription(request.name(), UUID.randomUUID(), partitionCount, replicationFactor,
                request.configs());
    }

    private static void checkPartitionsPerRequest(long added) {
        if (added > MAX_PARTITIONS_PER_REQUEST) {
            throw new BrokerException(BrokerError.POLICY_VIOLATION,
                    "Excessively large number of partitions per request.");
        }
    }

    /** Writes a change to the metadata store; nothing has changed when this fails. */
    private void change(String what, StoreWrite write) {
        try {
            write.run();
        } catch (IOException e) {
            LOG.error("Cannot {}: writing the metadata failed", what, e);
            throw new BrokerException(BrokerError.KAFKA_STORAGE_ERROR, "Cannot " + what
                    + ": writing the metadata failed", e);
        }
    }

    /** Opens a topic's partitions that are not open yet; the topic exists already, whatever the disk says. */
    private void openPartitions(TopicDescription topic) {
        try {
            partitions.openTopic(topic);
        } catch (IOException e) {
            LOG.error("Opening the partitions of topic {} failed", topic.name(), e);
            throw new BrokerException(BrokerError.KAFKA_STORAGE_ERROR, "Opening the partitions of topic "
                    + topic.name() + " failed", e);
        }
    }

    private void remember(TopicDescription topic) {
        byName.put(topic.name(), topic);
        byId.put(topic.topicId(), topic);
    }

    private interface StoreWrite {
        void run() throws IOException;
    }
}
