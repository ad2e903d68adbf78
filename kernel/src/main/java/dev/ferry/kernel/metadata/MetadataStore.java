package dev.ferry.kernel.metadata;

import dev.ferry.services.broker.TopicDescription;
import dev.ferry.services.quota.ClientQuotaAlteration;
import dev.ferry.services.security.ScramCredential;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The cluster's durable metadata: topics (names, ids, partition counts, config overrides) and dynamic broker
 * configs. Kept as a log of changes with snapshots so that the same log can later be replicated across brokers.
 * Every write is durable (fsynced) before it returns; writes are serialised by the caller.
 */
public interface MetadataStore extends AutoCloseable {

    /** The metadata recovered at start with every change written since. */
    MetadataImage image();

    void createTopic(TopicDescription topic) throws IOException;

    void deleteTopic(UUID topicId) throws IOException;

    void setPartitionCount(UUID topicId, int partitions) throws IOException;

    /** Replaces all config overrides of a topic. */
    void setTopicConfigs(UUID topicId, Map<String, String> overrides) throws IOException;

    /**
     * Replaces all dynamic configs of a broker resource.
     *
     * @param broker a broker's id, or the empty string for the cluster-wide default
     */
    void setBrokerConfigs(String broker, Map<String, String> configs) throws IOException;

    /**
     * Records that producer ids below {@code nextProducerId} may be handed out (Kafka's {@code ProducerIdsRecord}).
     *
     * @param nextProducerId above the image's
     */
    void reserveProducerIds(int brokerId, long nextProducerId) throws IOException;

    @Override
    void close() throws IOException;

    /**
     * Finalizes feature levels, all in one batch (Kafka's {@code FeatureLevelRecord}s).
     *
     * @param levels by feature name; a level of 0 removes the feature
     */
    void setFeatureLevels(Map<String, Short> levels) throws IOException;

    /** The offset the next metadata record gets. */
    long endOffset();

    /**
     * Applies quota changes of several entities as one durable change: each op sets its key, or removes it when its
     * value is null. The caller has validated them.
     */
    void alterClientQuotas(List<ClientQuotaAlteration> alterations) throws IOException;

    /**
     * Sets and removes users' SCRAM credentials as one change.
     *
     * @param set the credentials to set, by user and then mechanism name ({@code SCRAM-SHA-256})
     * @param removed the mechanism names whose credentials go, by user; each must exist
     */
    void alterScramCredentials(Map<String, Map<String, ScramCredential>> set, Map<String, Set<String>> removed)
            throws IOException;
}
