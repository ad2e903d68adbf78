package dev.ferry.coordinator.group.records;

import dev.ferry.coordinator.runtime.RecordCodec;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;

/**
 * Apache Kafka's record format of {@code __consumer_offsets}, so that Kafka's tools read our log and we read
 * theirs, written with Kafka's generated record classes. A key starts with its record type, a value with its
 * version; a null value is a tombstone. The types and versions are those Kafka 4.1's group coordinator writes, but
 * for an offset commit's value: version 3, as Ferry has always written it and Kafka up to 4.0 did, where Kafka 4.1
 * writes version 4 (which adds only an optional topic id); each reads both. Thread-safe when the {@link TopicIds}
 * are.
 */
public final class GroupRecordSerde implements RecordCodec<GroupRecord> {

    private final RecordEncoder encoder;
    private final RecordDecoder decoder;

    /** @param topicIds the ids by which consumer-group records name topics */
    public GroupRecordSerde(TopicIds topicIds) {
        this.encoder = new RecordEncoder(topicIds);
        this.decoder = new RecordDecoder(topicIds);
    }

    public ByteBuffer key(GroupRecord record) {
        return encoder.key(record);
    }

    /**
     * The value, or null for a {@link GroupRecord.Tombstone}. A partition of a topic with no id (deleted since) is
     * left out of a consumer-group assignment, as {@link #decode} would leave it out.
     */
    public ByteBuffer value(GroupRecord record) {
        return encoder.value(record);
    }

    /**
     * Reads a record of the topic. The buffers' positions do not move.
     *
     * @param value null for a tombstone
     * @return empty for a record Ferry does not keep: those of share and streams groups, a consumer group's
     *     ConsumerGroupPartitionMetadata and ConsumerGroupRegularExpression, and a record type newer than Kafka 4.1;
     *     a consumer-group assignment without the partitions of topic ids that {@link TopicIds} does not know
     * @throws IllegalArgumentException when the bytes are not a record of this format
     */
    @Override
    public Optional<GroupRecord> decode(ByteBuffer key, ByteBuffer value) {
        return decoder.decode(key, value);
    }

    /**
     * One record batch (magic 2, uncompressed, base offset 0) holding the records in order.
     *
     * @param producer {@link ProducerIdAndEpoch#NONE} for a plain batch; otherwise a transactional batch of that
     *     producer with base sequence 0, as Kafka's coordinators write theirs: kafka-clients builds no producer
     *     batch without a sequence, and the partition checks no sequence in the broker's own batches
     */
    @Override
    public ByteBuffer batch(List<GroupRecord> records, long timestamp, ProducerIdAndEpoch producer) {
        SimpleRecord[] encoded = records.stream()
                .map(record -> new SimpleRecord(timestamp, key(record), value(record)))
                .toArray(SimpleRecord[]::new);
        MemoryRecords batch = producer.equals(ProducerIdAndEpoch.NONE)
                ? MemoryRecords.withRecords(Compression.NONE, encoded)
                : MemoryRecords.withTransactionalRecords(Compression.NONE, producer.producerId(), producer.epoch(),
                        0, encoded);
        return batch.buffer();
    }
}
