package dev.ferry.kernel.group.offsets;

import dev.ferry.kernel.coordinator.RecordCodec;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.broker.ProducerIdAndEpoch;
import dev.ferry.spi.group.CommittedOffset;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.SchemaException;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.protocol.types.Type;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;

/**
 * Apache Kafka's record format of {@code __consumer_offsets}, so that Kafka's tools read our log and we read
 * theirs. A key and a value each start with an int16 version; the key's version is the record type: 0 and 1 an
 * offset commit, 2 group metadata, higher ones the records of newer group types, which hold no offsets. A null
 * value is a tombstone.
 */
public final class OffsetRecords {

    /** The records of {@code __consumer_offsets} as the group coordinator's runtime writes and loads them. */
    public static final RecordCodec<OffsetRecord> CODEC = new RecordCodec<>() {
        @Override
        public ByteBuffer batch(List<OffsetRecord> records, long timestampMs, ProducerIdAndEpoch producer) {
            return OffsetRecords.batch(records, timestampMs, producer);
        }

        @Override
        public Optional<OffsetRecord> decode(ByteBuffer key, ByteBuffer value) {
            return OffsetRecords.decode(key, value);
        }
    };

    private static final short OFFSET_COMMIT_KEY_VERSION = 1;
    private static final short GROUP_METADATA_KEY_VERSION = 2;
    private static final short OFFSET_COMMIT_VALUE_VERSION = 3;

    private static final Schema OFFSET_COMMIT_KEY = new Schema(
            new Field("group", Type.STRING),
            new Field("topic", Type.STRING),
            new Field("partition", Type.INT32));
    private static final Schema GROUP_METADATA_KEY = new Schema(
            new Field("group", Type.STRING));

    /** OffsetCommitValue versions 0 and 2: the same fields. */
    private static final Schema OFFSET_COMMIT_VALUE_V0 = new Schema(
            new Field("offset", Type.INT64),
            new Field("metadata", Type.STRING),
            new Field("commitTimestamp", Type.INT64));

    /** OffsetCommitValue by version: 1 alone has an expire timestamp, 3 adds the leader epoch, 4 is flexible. */
    private static final List<Schema> OFFSET_COMMIT_VALUES = List.of(
            OFFSET_COMMIT_VALUE_V0,
            new Schema(
                    new Field("offset", Type.INT64),
                    new Field("metadata", Type.STRING),
                    new Field("commitTimestamp", Type.INT64),
                    new Field("expireTimestamp", Type.INT64)),
            OFFSET_COMMIT_VALUE_V0,
            new Schema(
                    new Field("offset", Type.INT64),
                    new Field("leaderEpoch", Type.INT32),
                    new Field("metadata", Type.STRING),
                    new Field("commitTimestamp", Type.INT64)),
            new Schema(
                    new Field("offset", Type.INT64),
                    new Field("leaderEpoch", Type.INT32),
                    new Field("metadata", Type.COMPACT_STRING),
                    new Field("commitTimestamp", Type.INT64),
                    Field.TaggedFieldsSection.of()));

    private OffsetRecords() {
    }

    /**
     * One record batch (magic 2, uncompressed, base offset 0) holding the records in order.
     *
     * @param producer {@link ProducerIdAndEpoch#NONE} for a plain batch; otherwise a transactional batch of that
     *     producer with base sequence 0, as Kafka's coordinators write theirs: kafka-clients builds no producer
     *     batch without a sequence, and the partition checks no sequence in the broker's own batches
     */
    static ByteBuffer batch(List<OffsetRecord> records, long timestamp, ProducerIdAndEpoch producer) {
        SimpleRecord[] encoded = records.stream()
                .map(record -> new SimpleRecord(timestamp, key(record), value(record)))
                .toArray(SimpleRecord[]::new);
        MemoryRecords batch = producer.equals(ProducerIdAndEpoch.NONE)
                ? MemoryRecords.withRecords(Compression.NONE, encoded)
                : MemoryRecords.withTransactionalRecords(Compression.NONE, producer.producerId(), producer.epoch(),
                        0, encoded);
        return batch.buffer();
    }

    static ByteBuffer key(OffsetRecord record) {
        if (record instanceof OffsetRecord.Commit commit) {
            return offsetCommitKey(commit.groupId(), commit.partition());
        }
        if (record instanceof OffsetRecord.OffsetTombstone tombstone) {
            return offsetCommitKey(tombstone.groupId(), tombstone.partition());
        }
        return write(GROUP_METADATA_KEY_VERSION, new Struct(GROUP_METADATA_KEY).set("group", record.groupId()));
    }

    private static ByteBuffer offsetCommitKey(String groupId, TopicPartition partition) {
        Struct key = new Struct(OFFSET_COMMIT_KEY)
                .set("group", groupId)
                .set("topic", partition.topic())
                .set("partition", partition.partition());
        return write(OFFSET_COMMIT_KEY_VERSION, key);
    }

    /** The value, or null for a tombstone. Kafka keeps no null metadata: a client's null is stored empty. */
    static ByteBuffer value(OffsetRecord record) {
        if (!(record instanceof OffsetRecord.Commit commit)) {
            return null;
        }
        CommittedOffset offset = commit.offset();
        Struct value = new Struct(OFFSET_COMMIT_VALUES.get(OFFSET_COMMIT_VALUE_VERSION))
                .set("offset", offset.offset())
                .set("leaderEpoch", offset.leaderEpoch())
                .set("metadata", offset.metadata() == null ? "" : offset.metadata())
                .set("commitTimestamp", offset.commitTimestamp());
        return write(OFFSET_COMMIT_VALUE_VERSION, value);
    }

    /**
     * Reads a record of the topic.
     *
     * @return empty for a record that holds no offsets (group metadata, newer group types)
     * @throws IllegalArgumentException when the bytes are not a record of this format
     */
    static Optional<OffsetRecord> decode(ByteBuffer key, ByteBuffer value) {
        if (key == null) {
            throw new IllegalArgumentException("The record has no key");
        }
        try {
            ByteBuffer keyBytes = key.duplicate();
            short keyVersion = keyBytes.getShort();
            if (keyVersion < 0) {
                throw new IllegalArgumentException("Unknown key version " + keyVersion);
            }
            if (keyVersion == GROUP_METADATA_KEY_VERSION) {
                String groupId = GROUP_METADATA_KEY.read(keyBytes).getString("group");
                return value == null ? Optional.of(new OffsetRecord.GroupTombstone(groupId)) : Optional.empty();
            }
            if (keyVersion > GROUP_METADATA_KEY_VERSION) {
                return Optional.empty();
            }
            Struct fields = OFFSET_COMMIT_KEY.read(keyBytes);
            String groupId = fields.getString("group");
            TopicPartition partition = new TopicPartition(fields.getString("topic"), fields.getInt("partition"));
            return Optional.of(value == null
                    ? new OffsetRecord.OffsetTombstone(groupId, partition)
                    : new OffsetRecord.Commit(groupId, partition, committedOffset(value.duplicate())));
        } catch (SchemaException | BufferUnderflowException e) {
            throw new IllegalArgumentException("Malformed record: " + e.getMessage(), e);
        }
    }

    private static CommittedOffset committedOffset(ByteBuffer value) {
        short version = value.getShort();
        if (version < 0 || version >= OFFSET_COMMIT_VALUES.size()) {
            throw new IllegalArgumentException("Unknown offset commit value version " + version);
        }
        Struct fields = OFFSET_COMMIT_VALUES.get(version).read(value);
        int leaderEpoch = fields.hasField("leaderEpoch") ? fields.getInt("leaderEpoch") : -1;
        return new CommittedOffset(fields.getLong("offset"), leaderEpoch, fields.getString("metadata"),
                fields.getLong("commitTimestamp"));
    }

    private static ByteBuffer write(short version, Struct struct) {
        ByteBuffer buffer = ByteBuffer.allocate(2 + struct.schema().sizeOf(struct));
        buffer.putShort(version);
        struct.schema().write(buffer, struct);
        return buffer.flip();
    }
}
