package dev.ferry.coordinator.transaction;

import dev.ferry.coordinator.runtime.RecordCodec;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.broker.TransactionState;
import dev.ferry.spi.TopicPartition;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.types.ArrayOf;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.SchemaException;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.protocol.types.Type;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;

/**
 * Apache Kafka's record format of {@code __transaction_state}, so that Kafka's tools read our log and we read
 * theirs: the key is {@code TransactionLogKey} version 0 (the transactional id), the value
 * {@code TransactionLogValue} version 0, the version Kafka writes while {@code transaction.version} is below 2. Each
 * starts with its int16 version. A null value (a tombstone) removes the id.
 */
final class TransactionLogRecords {

    private static final short KEY_VERSION = 0;
    private static final short VALUE_VERSION = 0;

    private static final Schema KEY = new Schema(
            new Field("transactional_id", Type.STRING));
    private static final Schema PARTITIONS = new Schema(
            new Field("topic", Type.STRING),
            new Field("partition_ids", new ArrayOf(Type.INT32)));
    private static final Schema VALUE = new Schema(
            new Field("producer_id", Type.INT64),
            new Field("producer_epoch", Type.INT16),
            new Field("transaction_timeout_ms", Type.INT32),
            new Field("transaction_status", Type.INT8),
            new Field("transaction_partitions", ArrayOf.nullable(PARTITIONS)),
            new Field("transaction_last_update_timestamp_ms", Type.INT64),
            new Field("transaction_start_timestamp_ms", Type.INT64));

    /** Kafka's status byte of each state is its position here. */
    private static final List<TransactionState> STATUSES = List.of(
            TransactionState.EMPTY,
            TransactionState.ONGOING,
            TransactionState.PREPARE_COMMIT,
            TransactionState.PREPARE_ABORT,
            TransactionState.COMPLETE_COMMIT,
            TransactionState.COMPLETE_ABORT,
            TransactionState.DEAD,
            TransactionState.PREPARE_EPOCH_FENCE);

    /** The records of {@code __transaction_state} as the transaction coordinator's runtime writes and loads them. */
    static final RecordCodec<TransactionRecord> CODEC = new RecordCodec<>() {
        /** One batch (magic 2, uncompressed, base offset 0); never transactional, as Kafka's coordinator writes. */
        @Override
        public ByteBuffer batch(List<TransactionRecord> records, long timestampMs, ProducerIdAndEpoch producer) {
            if (!producer.equals(ProducerIdAndEpoch.NONE)) {
                throw new IllegalArgumentException("The transaction state is not written in transactions");
            }
            return MemoryRecords.withRecords(Compression.NONE, records.stream()
                    .map(record -> new SimpleRecord(timestampMs, key(record.transactionalId()), value(record)))
                    .toArray(SimpleRecord[]::new)).buffer();
        }

        /** A tombstone, or a value in state {@code Dead} (which Kafka does not write), forgets the id. */
        @Override
        public Optional<TransactionRecord> decode(ByteBuffer key, ByteBuffer value) {
            String transactionalId = transactionalId(key);
            return Optional.of(metadata(value)
                    .filter(metadata -> metadata.state() != TransactionState.DEAD)
                    .<TransactionRecord>map(metadata -> new TransactionRecord.Update(transactionalId, metadata))
                    .orElseGet(() -> new TransactionRecord.Tombstone(transactionalId)));
        }
    };

    private TransactionLogRecords() {
    }

    static ByteBuffer key(String transactionalId) {
        return write(KEY_VERSION, new Struct(KEY).set("transactional_id", transactionalId));
    }

    /** The value of an update, null for a tombstone. */
    static ByteBuffer value(TransactionRecord record) {
        return record instanceof TransactionRecord.Update update ? value(update.metadata()) : null;
    }

    /** Kafka writes no partitions at all in {@code Empty}. */
    static ByteBuffer value(TransactionMetadata metadata) {
        Object[] partitions = metadata.state() == TransactionState.EMPTY ? null : metadata.partitions().stream()
                .collect(Collectors.groupingBy(TopicPartition::topic, TreeMap::new,
                        Collectors.mapping(TopicPartition::partition, Collectors.toList())))
                .entrySet().stream()
                .map(TransactionLogRecords::partitions)
                .toArray();
        Struct value = new Struct(VALUE)
                .set("producer_id", metadata.producerId())
                .set("producer_epoch", metadata.producerEpoch())
                .set("transaction_timeout_ms", metadata.timeoutMs())
                .set("transaction_status", (byte) STATUSES.indexOf(metadata.state()))
                .set("transaction_partitions", partitions)
                .set("transaction_last_update_timestamp_ms", metadata.lastUpdateTimeMs())
                .set("transaction_start_timestamp_ms", metadata.startTimeMs());
        return write(VALUE_VERSION, value);
    }

    /** @throws IllegalArgumentException when the bytes are not a key of this format */
    static String transactionalId(ByteBuffer key) {
        if (key == null) {
            throw new IllegalArgumentException("The record has no key");
        }
        try {
            ByteBuffer bytes = key.duplicate();
            short version = bytes.getShort();
            if (version != KEY_VERSION) {
                throw new IllegalArgumentException("Unknown key version " + version);
            }
            return KEY.read(bytes).getString("transactional_id");
        } catch (SchemaException | BufferUnderflowException e) {
            throw new IllegalArgumentException("Malformed key: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a value; the epochs Kafka keeps in memory only come back as none.
     *
     * @return empty for a tombstone
     * @throws IllegalArgumentException when the bytes are not a value of this format
     */
    static Optional<TransactionMetadata> metadata(ByteBuffer value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            ByteBuffer bytes = value.duplicate();
            short version = bytes.getShort();
            if (version != VALUE_VERSION) {
                throw new IllegalArgumentException("Unknown value version " + version);
            }
            Struct fields = VALUE.read(bytes);
            byte status = fields.getByte("transaction_status");
            if (status < 0 || status >= STATUSES.size()) {
                throw new IllegalArgumentException("Unknown transaction status " + status);
            }
            return Optional.of(new TransactionMetadata(
                    fields.getLong("producer_id"),
                    fields.getShort("producer_epoch"),
                    RecordBatch.NO_PRODUCER_ID,
                    RecordBatch.NO_PRODUCER_EPOCH,
                    fields.getInt("transaction_timeout_ms"),
                    STATUSES.get(status),
                    partitions(fields.getArray("transaction_partitions")),
                    fields.getLong("transaction_start_timestamp_ms"),
                    fields.getLong("transaction_last_update_timestamp_ms")));
        } catch (SchemaException | BufferUnderflowException e) {
            throw new IllegalArgumentException("Malformed value: " + e.getMessage(), e);
        }
    }

    private static Struct partitions(Map.Entry<String, List<Integer>> topic) {
        return new Struct(PARTITIONS)
                .set("topic", topic.getKey())
                .set("partition_ids", topic.getValue().stream().sorted().toArray());
    }

    private static Set<TopicPartition> partitions(Object[] topics) {
        Set<TopicPartition> partitions = new HashSet<>();
        if (topics != null) {
            for (Object element : topics) {
                Struct topic = (Struct) element;
                for (Object partition : topic.getArray("partition_ids")) {
                    partitions.add(new TopicPartition(topic.getString("topic"), (Integer) partition));
                }
            }
        }
        return partitions;
    }

    private static ByteBuffer write(short version, Struct struct) {
        ByteBuffer buffer = ByteBuffer.allocate(2 + struct.schema().sizeOf(struct));
        buffer.putShort(version);
        struct.schema().write(buffer, struct);
        return buffer.flip();
    }
}
