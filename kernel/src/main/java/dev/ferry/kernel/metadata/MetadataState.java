package dev.ferry.kernel.metadata;

import dev.ferry.services.broker.TopicDescription;
import dev.ferry.services.quota.ClientQuotaEntity;
import dev.ferry.services.security.ScramCredential;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

/**
 * The metadata that replaying records builds, and the records that rebuild it (a snapshot). Configs are kept by
 * resource name, as Kafka's records name them; a topic's configs go with the topic. Not thread-safe.
 */
final class MetadataState {

    private final Map<UUID, String> topicNames = new LinkedHashMap<>();
    private final Map<UUID, List<Integer>> firstReplicas = new HashMap<>();
    private final Map<UUID, Integer> partitionCounts = new HashMap<>();
    private final Map<String, Map<String, String>> topicConfigs = new HashMap<>();
    private final Map<String, Map<String, String>> brokerConfigs = new TreeMap<>();
    private final Map<String, Short> featureLevels = new TreeMap<>();
    private final Map<ClientQuotaEntity, Map<String, Double>> clientQuotas = new LinkedHashMap<>();
    private final Map<String, Map<Byte, MetadataRecord.UserScramCredential>> scramCredentials = new TreeMap<>();
    private MetadataRecord.ProducerIds producerIds = new MetadataRecord.ProducerIds(-1, 0);

    /**
     * Applies one record.
     *
     * @throws IllegalArgumentException when the record does not fit the metadata (a partition of an unknown topic)
     */
    void apply(MetadataRecord record) {
        if (record instanceof MetadataRecord.Topic topic) {
            topicNames.put(topic.topicId(), topic.name());
            partitionCounts.put(topic.topicId(), 0);
        } else if (record instanceof MetadataRecord.Partition partition) {
            if (!topicNames.containsKey(partition.topicId())) {
                throw new IllegalArgumentException("A partition of unknown topic " + partition.topicId());
            }
            partitionCounts.merge(partition.topicId(), partition.partitionId() + 1, Math::max);
            firstReplicas.putIfAbsent(partition.topicId(), partition.replicas());
        } else if (record instanceof MetadataRecord.Config config) {
            Map<String, Map<String, String>> resources = config.resourceType() == MetadataRecord.TOPIC_RESOURCE
                    ? topicConfigs : brokerConfigs;
            Map<String, String> configs = resources.computeIfAbsent(config.resourceName(), name -> new TreeMap<>());
            if (config.value() == null) {
                configs.remove(config.name());
            } else {
                configs.put(config.name(), config.value());
            }
            if (configs.isEmpty()) {
                resources.remove(config.resourceName());
            }
        } else if (record instanceof MetadataRecord.FeatureLevel feature) {
            if (feature.level() == 0) {
                featureLevels.remove(feature.name());
            } else {
                featureLevels.put(feature.name(), feature.level());
            }
        } else if (record instanceof MetadataRecord.RemoveTopic remove) {
            String name = topicNames.remove(remove.topicId());
            partitionCounts.remove(remove.topicId());
            firstReplicas.remove(remove.topicId());
            topicConfigs.remove(name);
        } else if (record instanceof MetadataRecord.UserScramCredential credential) {
            mechanismName(credential.mechanism()); // refuses a mechanism Kafka does not know
            scramCredentials.computeIfAbsent(credential.name(), user -> new TreeMap<>())
                    .put(credential.mechanism(), credential);
        } else if (record instanceof MetadataRecord.ProducerIds ids) {
            producerIds = ids;
        } else if (record instanceof MetadataRecord.RemoveUserScramCredential remove) {
            removeScramCredential(remove);
        } else {
            applyClientQuota((MetadataRecord.ClientQuota) record);
        }
    }

    private void applyClientQuota(MetadataRecord.ClientQuota quota) {
        Map<String, Double> quotas = clientQuotas.computeIfAbsent(quota.entity(), entity -> new TreeMap<>());
        if (quota.remove()) {
            quotas.remove(quota.key());
        } else {
            quotas.put(quota.key(), quota.value());
        }
        if (quotas.isEmpty()) {
            clientQuotas.remove(quota.entity());
        }
    }

    MetadataImage image() {
        Map<UUID, TopicDescription> topics = new HashMap<>();
        topicNames.forEach((id, name) -> topics.put(id, new TopicDescription(name, id, partitionCounts.get(id),
                firstReplicas.getOrDefault(id, List.of()).size(), topicConfigs.getOrDefault(name, Map.of()))));
        Map<String, Map<String, String>> brokers = new HashMap<>();
        brokerConfigs.forEach((broker, configs) -> brokers.put(broker, Map.copyOf(configs)));
        Map<ClientQuotaEntity, Map<String, Double>> quotas = new LinkedHashMap<>();
        clientQuotas.forEach((entity, values) -> quotas.put(entity, Map.copyOf(values)));
        Map<String, Map<String, ScramCredential>> credentials = new HashMap<>();
        scramCredentials.forEach((user, byMechanism) -> {
            Map<String, ScramCredential> named = new HashMap<>();
            byMechanism.forEach((mechanism, credential) -> named.put(mechanismName(mechanism), new ScramCredential(
                    credential.salt(), credential.storedKey(), credential.serverKey(), credential.iterations())));
            credentials.put(user, Map.copyOf(named));
        });
        return new MetadataImage(topics, brokers, featureLevels, quotas, credentials,
                producerIds.nextProducerId());
    }

    /** Records that, replayed from nothing, build this state. */
    List<MetadataRecord> records() {
        List<MetadataRecord> records = new ArrayList<>();
        topicNames.forEach((id, name) -> {
            records.add(new MetadataRecord.Topic(name, id));
            records.addAll(configRecords(MetadataRecord.TOPIC_RESOURCE, name, Map.of(),
                    topicConfigs.getOrDefault(name, Map.of())));
            for (int partition = 0; partition < partitionCounts.get(id); partition++) {
                records.add(new MetadataRecord.Partition(id, partition, firstReplicas.get(id)));
            }
        });
        brokerConfigs.forEach((broker, configs) ->
                records.addAll(configRecords(MetadataRecord.BROKER_RESOURCE, broker, Map.of(), configs)));
        featureLevels.forEach((name, level) -> records.add(new MetadataRecord.FeatureLevel(name, level)));
        clientQuotas.forEach((entity, values) -> values.forEach((key, value) ->
                records.add(new MetadataRecord.ClientQuota(entity, key, value, false))));
        scramCredentials.values().forEach(byMechanism -> records.addAll(byMechanism.values()));
        if (producerIds.nextProducerId() > 0) {
            records.add(producerIds);
        }
        return records;
    }

    /** The config records that turn a resource's configs from {@code before} into {@code after}. */
    static List<MetadataRecord> configRecords(byte resourceType, String resourceName, Map<String, String> before,
                                              Map<String, String> after) {
        List<MetadataRecord> records = new ArrayList<>();
        new TreeMap<>(before).keySet().stream()
                .filter(name -> !after.containsKey(name))
                .forEach(name -> records.add(new MetadataRecord.Config(resourceType, resourceName, name, null)));
        new TreeMap<>(after).forEach((name, value) -> {
            if (!value.equals(before.get(name))) {
                records.add(new MetadataRecord.Config(resourceType, resourceName, name, value));
            }
        });
        return records;
    }

    /** Kafka's type byte of a SCRAM mechanism, by its SASL name ({@code SCRAM-SHA-256}). */
    static byte mechanismType(String mechanismName) {
        ScramMechanism mechanism = ScramMechanism.forMechanismName(mechanismName);
        if (mechanism == null) {
            throw new IllegalArgumentException("Unknown SCRAM mechanism " + mechanismName);
        }
        return mechanism.type();
    }

    private static String mechanismName(byte type) {
        for (ScramMechanism mechanism : ScramMechanism.values()) {
            if (mechanism.type() == type) {
                return mechanism.mechanismName();
            }
        }
        throw new IllegalArgumentException("Unknown SCRAM mechanism type " + type);
    }

    private void removeScramCredential(MetadataRecord.RemoveUserScramCredential remove) {
        Map<Byte, MetadataRecord.UserScramCredential> byMechanism = scramCredentials.get(remove.name());
        if (byMechanism == null || byMechanism.remove(remove.mechanism()) == null) {
            throw new IllegalArgumentException("No SCRAM credential of user " + remove.name() + " for mechanism "
                    + remove.mechanism() + " to remove");
        }
        if (byMechanism.isEmpty()) {
            scramCredentials.remove(remove.name());
        }
    }
}
