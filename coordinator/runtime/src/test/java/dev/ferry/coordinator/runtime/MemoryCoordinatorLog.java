package dev.ferry.coordinator.runtime;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.spi.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;

/**
 * A coordinator's internal topic in memory, on the test's thread: each append is encoded as the broker writes it,
 * committed at once as on one node, and decoded again when a shard loads, as at a restart. Appends can be made to
 * fail.
 */
public final class MemoryCoordinatorLog<R> implements CoordinatorLog<R> {

    private final RecordCodec<R> codec;
    private final Map<TopicPartition, List<MemoryRecords>> batches = new HashMap<>();
    private final Map<TopicPartition, Long> endOffsets = new HashMap<>();
    private BrokerError failingAppends;

    public MemoryCoordinatorLog(RecordCodec<R> codec) {
        this.codec = codec;
    }

    /** Appends fail with {@code error} from now on; with null, they succeed again. */
    public void failAppends(BrokerError error) {
        failingAppends = error;
    }

    /** The records appended to every partition. */
    public long recordCount() {
        return endOffsets.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The records appended to the partition, in order, as a load reads them back. */
    public List<R> records(TopicPartition partition) {
        List<R> read = new ArrayList<>();
        for (MemoryRecords records : batches.getOrDefault(partition, List.of())) {
            for (RecordBatch batch : records.batches()) {
                batch.forEach(record -> codec.decode(record.key(), record.value()).ifPresent(read::add));
            }
        }
        return read;
    }

    @Override
    public long append(TopicPartition partition, ProducerIdAndEpoch producer, long timestampMs, List<R> records) {
        if (failingAppends != null) {
            throw new BrokerException(failingAppends, "Appending to " + partition + " failed");
        }
        long firstOffset = endOffsets.getOrDefault(partition, 0L);
        MemoryRecords batch = MemoryRecords.readableRecords(codec.batch(records, timestampMs, producer));
        for (MutableRecordBatch written : batch.batches()) {
            written.setLastOffset(firstOffset + records.size() - 1);
        }
        batches.computeIfAbsent(partition, p -> new ArrayList<>()).add(batch);
        endOffsets.put(partition, firstOffset + records.size());
        return firstOffset;
    }

    @Override
    public CompletableFuture<Void> committed(TopicPartition partition, long offset) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void load(TopicPartition partition, CoordinatorShard<R> shard) {
        for (MemoryRecords records : batches.getOrDefault(partition, List.of())) {
            for (RecordBatch batch : records.batches()) {
                BatchReplay.replay(partition, batch, codec, shard);
            }
        }
    }
}
