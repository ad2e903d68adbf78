package dev.ferry.kernel.transaction;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.broker.Acks;
import dev.ferry.spi.broker.AppendResult;
import dev.ferry.spi.broker.BrokerError;
import dev.ferry.spi.broker.BrokerException;
import dev.ferry.spi.broker.FetchQuery;
import dev.ferry.spi.broker.FetchedPartition;
import dev.ferry.spi.broker.LogDirectoryUsage;
import dev.ferry.spi.broker.PartitionOffsets;
import dev.ferry.spi.broker.Partitions;
import dev.ferry.spi.broker.ProducerIdAndEpoch;
import dev.ferry.spi.broker.ProducerState;
import dev.ferry.spi.storage.TimestampOffset;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.record.MemoryRecords;

/**
 * The two writes the coordinator makes, held in memory on the test's thread: appended batches per partition (read
 * back as at a restart) and the transaction markers asked for. Appends or markers can be made to fail.
 */
final class MemoryPartitions implements Partitions {

    /** A marker the coordinator wrote. */
    record Marker(TopicPartition partition, ProducerIdAndEpoch producer, boolean commit) {
    }

    private final Map<TopicPartition, List<ByteBuffer>> batches = new HashMap<>();
    private final List<Marker> markers = new ArrayList<>();
    private final Map<TopicPartition, BrokerError> failingMarkers = new HashMap<>();
    private BrokerError failingAppends;

    void failAppends(BrokerError error) {
        failingAppends = error;
    }

    void failMarkers(TopicPartition partition, BrokerError error) {
        if (error == null) {
            failingMarkers.remove(partition);
        } else {
            failingMarkers.put(partition, error);
        }
    }

    List<Marker> markers() {
        return List.copyOf(markers);
    }

    /** The ids' states as a restart would read them back from the log. */
    Map<String, TransactionMetadata> replay() {
        Map<String, TransactionMetadata> states = new HashMap<>();
        batches.forEach((partition, appended) -> appended.forEach(buffer -> MemoryRecords.readableRecords(
                buffer.duplicate()).batches().forEach(batch -> TransactionLog.replay(partition, batch, states))));
        return states;
    }

    int appendCount() {
        return batches.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public CompletableFuture<AppendResult> append(TopicPartition partition, ByteBuffer records, Acks acks,
                                                  Optional<String> transactionalId) {
        if (failingAppends != null) {
            return CompletableFuture.failedFuture(new BrokerException(failingAppends, "append failed"));
        }
        List<ByteBuffer> log = batches.computeIfAbsent(partition, p -> new ArrayList<>());
        log.add(records);
        return CompletableFuture.completedFuture(new AppendResult(log.size() - 1, -1, 0));
    }

    @Override
    public CompletableFuture<Void> writeTransactionMarker(TopicPartition partition, ProducerIdAndEpoch producer,
                                                          boolean commit, int coordinatorEpoch) {
        BrokerError failing = failingMarkers.get(partition);
        if (failing != null) {
            return CompletableFuture.failedFuture(new BrokerException(failing, "marker failed"));
        }
        markers.add(new Marker(partition, producer, commit));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<List<FetchedPartition>> fetch(FetchQuery query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public PartitionOffsets offsets(TopicPartition partition) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<TimestampOffset> offsetForTimestamp(TopicPartition partition, long timestamp) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<TimestampOffset> maxTimestamp(TopicPartition partition) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long deleteRecordsBefore(TopicPartition partition, long offset) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<LogDirectoryUsage> logDirectories() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void moveLog(TopicPartition partition, Path logDirectory) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<ProducerState> producers(TopicPartition partition) {
        throw new UnsupportedOperationException();
    }
}
