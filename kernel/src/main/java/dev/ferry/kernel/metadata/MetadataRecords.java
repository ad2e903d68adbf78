package dev.ferry.kernel.metadata;

import dev.ferry.services.quota.ClientQuotaEntity;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.types.CompactArrayOf;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.SchemaException;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.protocol.types.Type;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * Apache Kafka's encoding of metadata records, as its {@code MetadataRecordSerde} frames them
 * ({@code ApiMessageAndVersion}): an unsigned varint frame version (1), the record's api key and version, then
 * the record in Kafka's flexible (compact, tagged-fields) format. We write version 0 of each record.
 */
final class MetadataRecords {

    private static final int FRAME_VERSION = 1;
    private static final short VERSION = 0;
    private static final short TOPIC = 2;
    private static final short PARTITION = 3;
    private static final short CONFIG = 4;
    private static final short REMOVE_TOPIC = 9;
    private static final short FEATURE_LEVEL = 12;
    private static final short CLIENT_QUOTA = 14;
    private static final short PRODUCER_IDS = 15;
    private static final short USER_SCRAM_CREDENTIAL = 11;
    private static final short REMOVE_USER_SCRAM_CREDENTIAL = 22;
    private static final String TAGGED_FIELDS = "_tagged_fields";

    private static final Schema TOPIC_V0 = new Schema(
            new Field("name", Type.COMPACT_STRING),
            new Field("topic_id", Type.UUID),
            Field.TaggedFieldsSection.of());
    private static final Schema PARTITION_V0 = new Schema(
            new Field("partition_id", Type.INT32),
            new Field("topic_id", Type.UUID),
            new Field("replicas", new CompactArrayOf(Type.INT32)),
            new Field("isr", new CompactArrayOf(Type.INT32)),
            new Field("removing_replicas", new CompactArrayOf(Type.INT32)),
            new Field("adding_replicas", new CompactArrayOf(Type.INT32)),
            new Field("leader", Type.INT32),
            new Field("leader_epoch", Type.INT32),
            new Field("partition_epoch", Type.INT32),
            Field.TaggedFieldsSection.of());
    private static final Schema CONFIG_V0 = new Schema(
            new Field("resource_type", Type.INT8),
            new Field("resource_name", Type.COMPACT_STRING),
            new Field("name", Type.COMPACT_STRING),
            new Field("value", Type.COMPACT_NULLABLE_STRING),
            Field.TaggedFieldsSection.of());
    private static final Schema REMOVE_TOPIC_V0 = new Schema(
            new Field("topic_id", Type.UUID),
            Field.TaggedFieldsSection.of());
    private static final Schema FEATURE_LEVEL_V0 = new Schema(
            new Field("name", Type.COMPACT_STRING),
            new Field("feature_level", Type.INT16),
            Field.TaggedFieldsSection.of());
    private static final Schema PRODUCER_IDS_V0 = new Schema(
            new Field("broker_id", Type.INT32),
            new Field("broker_epoch", Type.INT64),
            new Field("next_producer_id", Type.INT64),
            Field.TaggedFieldsSection.of());

    private static final Schema QUOTA_ENTITY_V0 = new Schema(
            new Field("entity_type", Type.COMPACT_STRING),
            new Field("entity_name", Type.COMPACT_NULLABLE_STRING),
            Field.TaggedFieldsSection.of());
    private static final Schema CLIENT_QUOTA_V0 = new Schema(
            new Field("entity", new CompactArrayOf(QUOTA_ENTITY_V0)),
            new Field("key", Type.COMPACT_STRING),
            new Field("value", Type.FLOAT64),
            new Field("remove", Type.BOOLEAN),
            Field.TaggedFieldsSection.of());
    private static final Schema USER_SCRAM_CREDENTIAL_V0 = new Schema(
            new Field("name", Type.COMPACT_STRING),
            new Field("mechanism", Type.INT8),
            new Field("salt", Type.COMPACT_BYTES),
            new Field("stored_key", Type.COMPACT_BYTES),
            new Field("server_key", Type.COMPACT_BYTES),
            new Field("iterations", Type.INT32),
            Field.TaggedFieldsSection.of());
    private static final Schema REMOVE_USER_SCRAM_CREDENTIAL_V0 = new Schema(
            new Field("name", Type.COMPACT_STRING),
            new Field("mechanism", Type.INT8),
            Field.TaggedFieldsSection.of());

    private MetadataRecords() {
    }

    /** The record's value bytes; metadata records have no key. */
    static ByteBuffer encode(MetadataRecord record) {
        if (record instanceof MetadataRecord.Topic topic) {
            return write(TOPIC, new Struct(TOPIC_V0)
                    .set("name", topic.name())
                    .set("topic_id", toKafka(topic.topicId())));
        }
        if (record instanceof MetadataRecord.Partition partition) {
            return write(PARTITION, new Struct(PARTITION_V0)
                    .set("partition_id", partition.partitionId())
                    .set("topic_id", toKafka(partition.topicId()))
                    .set("replicas", partition.replicas().toArray())
                    .set("isr", partition.replicas().toArray())
                    .set("removing_replicas", new Object[0])
                    .set("adding_replicas", new Object[0])
                    .set("leader", partition.replicas().get(0))
                    .set("leader_epoch", 0)
                    .set("partition_epoch", 0));
        }
        if (record instanceof MetadataRecord.Config config) {
            return write(CONFIG, new Struct(CONFIG_V0)
                    .set("resource_type", config.resourceType())
                    .set("resource_name", config.resourceName())
                    .set("name", config.name())
                    .set("value", config.value()));
        }
        if (record instanceof MetadataRecord.RemoveTopic remove) {
            return write(REMOVE_TOPIC, new Struct(REMOVE_TOPIC_V0).set("topic_id", toKafka(remove.topicId())));
        }
        if (record instanceof MetadataRecord.FeatureLevel feature) {
            return write(FEATURE_LEVEL, new Struct(FEATURE_LEVEL_V0)
                    .set("name", feature.name())
                    .set("feature_level", feature.level()));
        }
        if (record instanceof MetadataRecord.ProducerIds ids) {
            return write(PRODUCER_IDS, new Struct(PRODUCER_IDS_V0)
                    .set("broker_id", ids.brokerId())
                    .set("broker_epoch", -1L)
                    .set("next_producer_id", ids.nextProducerId()));
        }
        if (record instanceof MetadataRecord.ClientQuota quota) {
            Object[] entity = quota.entity().entries().entrySet().stream()
                    .map(entry -> new Struct(QUOTA_ENTITY_V0)
                            .set("entity_type", entry.getKey())
                            .set("entity_name", entry.getValue())
                            .set(TAGGED_FIELDS, new TreeMap<Integer, Object>()))
                    .toArray();
            return write(CLIENT_QUOTA, new Struct(CLIENT_QUOTA_V0)
                    .set("entity", entity)
                    .set("key", quota.key())
                    .set("value", quota.value())
                    .set("remove", quota.remove()));
        }
        if (record instanceof MetadataRecord.UserScramCredential credential) {
            return write(USER_SCRAM_CREDENTIAL, new Struct(USER_SCRAM_CREDENTIAL_V0)
                    .set("name", credential.name())
                    .set("mechanism", credential.mechanism())
                    .set("salt", ByteBuffer.wrap(credential.salt()))
                    .set("stored_key", ByteBuffer.wrap(credential.storedKey()))
                    .set("server_key", ByteBuffer.wrap(credential.serverKey()))
                    .set("iterations", credential.iterations()));
        }
        MetadataRecord.RemoveUserScramCredential remove = (MetadataRecord.RemoveUserScramCredential) record;
        return write(REMOVE_USER_SCRAM_CREDENTIAL, new Struct(REMOVE_USER_SCRAM_CREDENTIAL_V0)
                .set("name", remove.name())
                .set("mechanism", remove.mechanism()));
    }

    /**
     * Reads a record's value.
     *
     * @throws IllegalArgumentException when the bytes are not a record this broker writes
     */
    static MetadataRecord decode(ByteBuffer value) {
        if (value == null) {
            throw new IllegalArgumentException("A metadata record has no value");
        }
        try {
            ByteBuffer bytes = value.duplicate();
            int frameVersion = ByteUtils.readUnsignedVarint(bytes);
            if (frameVersion != FRAME_VERSION) {
                throw new IllegalArgumentException("Unknown metadata record frame version " + frameVersion);
            }
            int apiKey = ByteUtils.readUnsignedVarint(bytes);
            int version = ByteUtils.readUnsignedVarint(bytes);
            if (version != VERSION) {
                throw new IllegalArgumentException("Unsupported version " + version + " of metadata record "
                        + apiKey);
            }
            return switch (apiKey) {
                case TOPIC -> {
                    Struct topic = TOPIC_V0.read(bytes);
                    yield new MetadataRecord.Topic(topic.getString("name"), toBroker(topic.getUuid("topic_id")));
                }
                case PARTITION -> {
                    Struct partition = PARTITION_V0.read(bytes);
                    List<Integer> replicas = Arrays.stream(partition.getArray("replicas"))
                            .map(Integer.class::cast).toList();
                    yield new MetadataRecord.Partition(toBroker(partition.getUuid("topic_id")),
                            partition.getInt("partition_id"), replicas);
                }
                case CONFIG -> {
                    Struct config = CONFIG_V0.read(bytes);
                    yield new MetadataRecord.Config(config.getByte("resource_type"),
                            config.getString("resource_name"), config.getString("name"), config.getString("value"));
                }
                case REMOVE_TOPIC -> new MetadataRecord.RemoveTopic(toBroker(REMOVE_TOPIC_V0.read(bytes)
                        .getUuid("topic_id")));
                case FEATURE_LEVEL -> {
                    Struct feature = FEATURE_LEVEL_V0.read(bytes);
                    yield new MetadataRecord.FeatureLevel(feature.getString("name"), feature.getShort("feature_level"));
                }
                case CLIENT_QUOTA -> clientQuota(CLIENT_QUOTA_V0.read(bytes));
                case PRODUCER_IDS -> {
                    Struct ids = PRODUCER_IDS_V0.read(bytes);
                    yield new MetadataRecord.ProducerIds(ids.getInt("broker_id"), ids.getLong("next_producer_id"));
                }
                case USER_SCRAM_CREDENTIAL -> {
                    Struct credential = USER_SCRAM_CREDENTIAL_V0.read(bytes);
                    yield new MetadataRecord.UserScramCredential(credential.getString("name"),
                            credential.getByte("mechanism"), bytesOf(credential, "salt"),
                            bytesOf(credential, "stored_key"), bytesOf(credential, "server_key"),
                            credential.getInt("iterations"));
                }
                case REMOVE_USER_SCRAM_CREDENTIAL -> {
                    Struct remove = REMOVE_USER_SCRAM_CREDENTIAL_V0.read(bytes);
                    yield new MetadataRecord.RemoveUserScramCredential(remove.getString("name"),
                            remove.getByte("mechanism"));
                }
                default -> throw new IllegalArgumentException("Unknown metadata record type " + apiKey);
            };
        } catch (SchemaException | BufferUnderflowException e) {
            throw new IllegalArgumentException("Malformed metadata record: " + e.getMessage(), e);
        }
    }

    private static MetadataRecord.ClientQuota clientQuota(Struct quota) {
        Map<String, String> entity = new HashMap<>();
        for (Object part : quota.getArray("entity")) {
            Struct entry = (Struct) part;
            entity.put(entry.getString("entity_type"), entry.getString("entity_name"));
        }
        return new MetadataRecord.ClientQuota(new ClientQuotaEntity(entity), quota.getString("key"),
                quota.getDouble("value"), quota.getBoolean("remove"));
    }

    private static ByteBuffer write(short apiKey, Struct struct) {
        struct.set(TAGGED_FIELDS, new TreeMap<Integer, Object>());
        int size = ByteUtils.sizeOfUnsignedVarint(FRAME_VERSION) + ByteUtils.sizeOfUnsignedVarint(apiKey)
                + ByteUtils.sizeOfUnsignedVarint(VERSION) + struct.schema().sizeOf(struct);
        ByteBuffer buffer = ByteBuffer.allocate(size);
        ByteUtils.writeUnsignedVarint(FRAME_VERSION, buffer);
        ByteUtils.writeUnsignedVarint(apiKey, buffer);
        ByteUtils.writeUnsignedVarint(VERSION, buffer);
        struct.schema().write(buffer, struct);
        return buffer.flip();
    }

    private static Uuid toKafka(UUID id) {
        return new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    private static UUID toBroker(Uuid id) {
        return new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    private static byte[] bytesOf(Struct struct, String field) {
        ByteBuffer value = struct.getBytes(field);
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        return bytes;
    }
}
