package dev.ferry.coordinator.group.offsets;

import dev.ferry.coordinator.group.records.GroupRecord;
import dev.ferry.coordinator.group.records.GroupRecordSerde;
import dev.ferry.coordinator.group.records.TopicIds;
import dev.ferry.coordinator.runtime.BatchReplay;
import dev.ferry.coordinator.runtime.CoordinatorShard;
import dev.ferry.spi.TopicPartition;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;

/** Builds the contents of a partition of the offsets topic for replay tests. */
final class TestLog {

    /** Offsets name topics, not topic ids: no topic needs an id. */
    static final GroupRecordSerde SERDE = new GroupRecordSerde(new TopicIds() {
        @Override
        public Optional<UUID> id(String topic) {
            return Optional.empty();
        }

        @Override
        public Optional<String> name(UUID topicId) {
            return Optional.empty();
        }
    });

    private TestLog() {
    }

    /** Replays every batch of the log into the offsets, as the group coordinator's load does. */
    static void replay(MemoryRecords log, TopicPartition partition, CommittedOffsets offsets) {
        CoordinatorShard<GroupRecord> shard = new CoordinatorShard<>() {
            @Override
            public void replay(long offset, long producerId, GroupRecord record) {
                offsets.apply(partition, producerId, record, offset);
            }

            @Override
            public void replayTransactionEnd(long producerId, boolean committed) {
                offsets.completeTransaction(partition, producerId, committed);
            }
        };
        log.batches().forEach(batch -> BatchReplay.replay(partition, batch, SERDE, shard));
    }

    /** Batches laid one after the other with their offsets assigned, as the log holds them. */
    static MemoryRecords of(ByteBuffer... batches) {
        int size = 0;
        for (ByteBuffer batch : batches) {
            size += batch.remaining();
        }
        ByteBuffer log = ByteBuffer.allocate(size);
        long nextOffset = 0;
        for (ByteBuffer batch : batches) {
            for (MutableRecordBatch written : MemoryRecords.readableRecords(batch.duplicate()).batches()) {
                written.setLastOffset(nextOffset + written.lastOffset() - written.baseOffset());
                nextOffset = written.nextOffset();
            }
            log.put(batch.duplicate());
        }
        return MemoryRecords.readableRecords(log.flip());
    }
}
