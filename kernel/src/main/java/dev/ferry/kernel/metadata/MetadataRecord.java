package dev.ferry.kernel.metadata;

import dev.ferry.services.quota.ClientQuotaEntity;
import java.util.List;
import java.util.UUID;

/**
 * One change of the metadata: the subset of Apache Kafka's KRaft metadata records a single node needs. A change
 * made of several records (a topic with its partitions and configs) is written as one record batch, so it is
 * recovered whole or not at all.
 */
sealed interface MetadataRecord {

    /** Kafka's {@code ConfigResource.Type} of a topic. */
    byte TOPIC_RESOURCE = 2;
    /** Kafka's {@code ConfigResource.Type} of a broker (its id, or the empty string for the cluster default). */
    byte BROKER_RESOURCE = 4;

    /** Kafka's {@code TopicRecord}: a topic appears. */
    record Topic(String name, UUID topicId) implements MetadataRecord {
    }

    /** Kafka's {@code PartitionRecord}: a partition appears; the first replica leads it. */
    record Partition(UUID topicId, int partitionId, List<Integer> replicas) implements MetadataRecord {

        public Partition {
            replicas = List.copyOf(replicas);
        }
    }

    /** Kafka's {@code ConfigRecord}: a config of a topic (by name) or broker is set, or deleted when value is null. */
    record Config(byte resourceType, String resourceName, String name, String value) implements MetadataRecord {
    }

    /** Kafka's {@code RemoveTopicRecord}: a topic goes, with its partitions and configs. */
    record RemoveTopic(UUID topicId) implements MetadataRecord {
    }

    /** Kafka's {@code FeatureLevelRecord}: a feature is finalized at a level; level 0 removes it. */
    record FeatureLevel(String name, short level) implements MetadataRecord {
    }

    /** Kafka's {@code ClientQuotaRecord}: a quota key of an entity is set, or removed. */
    record ClientQuota(ClientQuotaEntity entity, String key, double value, boolean remove) implements MetadataRecord {
    }

    /**
     * Kafka's {@code UserScramCredentialRecord}: a user's credential for a SCRAM mechanism is set.
     *
     * @param mechanism Kafka's type of the mechanism: 1 for SCRAM-SHA-256, 2 for SCRAM-SHA-512
     */
    record UserScramCredential(String name, byte mechanism, byte[] salt, byte[] storedKey, byte[] serverKey,
                               int iterations) implements MetadataRecord {
    }

    /**
     * Kafka's {@code ProducerIdsRecord}: producer ids below {@code nextProducerId} are handed out, so a restarted
     * broker never gives one out again.
     */
    record ProducerIds(int brokerId, long nextProducerId) implements MetadataRecord {
    }

    /** Kafka's {@code RemoveUserScramCredentialRecord}: a user's credential for a SCRAM mechanism goes. */
    record RemoveUserScramCredential(String name, byte mechanism) implements MetadataRecord {
    }
}
