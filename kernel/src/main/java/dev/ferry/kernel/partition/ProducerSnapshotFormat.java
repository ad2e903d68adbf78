package dev.ferry.kernel.partition;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.common.protocol.types.ArrayOf;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.SchemaException;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.protocol.types.Type;
import org.apache.kafka.common.utils.ByteUtils;
import org.apache.kafka.common.utils.Crc32C;

/**
 * Kafka's producer snapshot file format ({@code <offset>.snapshot}, version 1): a version, a CRC32C of the rest,
 * then per producer its id, epoch, last sequence, last offset, the offset delta of its last batch, its last
 * timestamp, the coordinator epoch of its last marker and the first offset of its open transaction (-1 when none).
 * Written with kafka-clients' protocol types, so that Kafka's own tools read our snapshots.
 */
final class ProducerSnapshotFormat {

    private static final short VERSION = 1;
    private static final int ENTRIES_OFFSET = 2 + 4;
    private static final Field.Int64 PRODUCER_ID = new Field.Int64("producer_id", "The producer ID");
    private static final Field.Int16 EPOCH = new Field.Int16("epoch", "Current epoch of the producer");
    private static final Field.Int32 LAST_SEQUENCE = new Field.Int32("last_sequence",
            "Last written sequence of the producer");
    private static final Field.Int64 LAST_OFFSET = new Field.Int64("last_offset",
            "Last written offset of the producer");
    private static final Field.Int32 OFFSET_DELTA = new Field.Int32("offset_delta",
            "The difference of the last sequence and first sequence in the last written batch");
    private static final Field.Int64 TIMESTAMP = new Field.Int64("timestamp",
            "Max timestamp from the last written entry");
    private static final Field.Int32 COORDINATOR_EPOCH = new Field.Int32("coordinator_epoch",
            "The epoch of the last transaction coordinator to send an end transaction marker");
    private static final Field.Int64 CURRENT_TXN_FIRST_OFFSET = new Field.Int64("current_txn_first_offset",
            "The first offset of the on-going transaction (-1 if there is none)");
    private static final Schema ENTRY = new Schema(PRODUCER_ID, EPOCH, LAST_SEQUENCE, LAST_OFFSET, OFFSET_DELTA,
            TIMESTAMP, COORDINATOR_EPOCH, CURRENT_TXN_FIRST_OFFSET);
    private static final Field.Int16 VERSION_FIELD = new Field.Int16("version", "Version of the snapshot file");
    private static final Field CRC = new Field("crc", Type.UNSIGNED_INT32, "CRC of the snapshot data");
    private static final Field ENTRIES = new Field("producer_entries", new ArrayOf(ENTRY),
            "The entries in the producer table");
    private static final Schema SNAPSHOT = new Schema(VERSION_FIELD, CRC, ENTRIES);

    private ProducerSnapshotFormat() {
    }

    static ByteBuffer encode(Collection<ProducerEntry> producers) {
        List<Struct> entries = new ArrayList<>(producers.size());
        for (ProducerEntry producer : producers) {
            entries.add(new Struct(ENTRY)
                    .set(PRODUCER_ID, producer.producerId())
                    .set(EPOCH, producer.epoch())
                    .set(LAST_SEQUENCE, producer.lastSequence())
                    .set(LAST_OFFSET, producer.lastDataOffset())
                    .set(OFFSET_DELTA, producer.lastBatchOffsetDelta())
                    .set(TIMESTAMP, producer.lastTimestamp())
                    .set(COORDINATOR_EPOCH, producer.coordinatorEpoch())
                    .set(CURRENT_TXN_FIRST_OFFSET, producer.transactionFirstOffset()));
        }
        Struct snapshot = new Struct(SNAPSHOT)
                .set(VERSION_FIELD, VERSION)
                .set(CRC.name, 0L)
                .set(ENTRIES.name, entries.toArray());
        ByteBuffer buffer = ByteBuffer.allocate(snapshot.sizeOf());
        snapshot.writeTo(buffer);
        buffer.flip();
        ByteUtils.writeUnsignedInt(buffer, 2, Crc32C.compute(buffer, ENTRIES_OFFSET, buffer.limit() - ENTRIES_OFFSET));
        return buffer;
    }

    /**
     * The producers of a snapshot.
     *
     * @throws IllegalArgumentException for a snapshot that is not version 1, fails its CRC or cannot be parsed
     */
    static List<ProducerEntry> decode(ByteBuffer bytes) {
        ByteBuffer buffer = bytes.duplicate();
        if (buffer.remaining() < ENTRIES_OFFSET) {
            throw new IllegalArgumentException("a producer snapshot of " + buffer.remaining() + " bytes");
        }
        short version = buffer.getShort(buffer.position());
        if (version != VERSION) {
            throw new IllegalArgumentException("producer snapshot version " + version + ", not " + VERSION);
        }
        long crc = ByteUtils.readUnsignedInt(buffer, buffer.position() + 2);
        long computed = Crc32C.compute(buffer, buffer.position() + ENTRIES_OFFSET, buffer.remaining() - ENTRIES_OFFSET);
        if (crc != computed) {
            throw new IllegalArgumentException("producer snapshot CRC " + computed + " where " + crc + " was written");
        }
        try {
            Struct snapshot = SNAPSHOT.read(buffer);
            List<ProducerEntry> producers = new ArrayList<>();
            for (Object item : snapshot.getArray(ENTRIES.name)) {
                Struct entry = (Struct) item;
                producers.add(ProducerEntry.restored(entry.get(PRODUCER_ID), entry.get(EPOCH),
                        entry.get(LAST_SEQUENCE), entry.get(LAST_OFFSET), entry.get(OFFSET_DELTA),
                        entry.get(TIMESTAMP), entry.get(COORDINATOR_EPOCH), entry.get(CURRENT_TXN_FIRST_OFFSET)));
            }
            return producers;
        } catch (SchemaException e) {
            throw new IllegalArgumentException("unparsable producer snapshot: " + e.getMessage(), e);
        }
    }
}
