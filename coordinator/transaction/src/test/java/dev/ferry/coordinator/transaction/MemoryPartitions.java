package dev.ferry.coordinator.transaction;

import dev.ferry.services.broker.Acks;
import dev.ferry.services.broker.AppendResult;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.FetchQuery;
import dev.ferry.services.broker.FetchedPartition;
import dev.ferry.services.broker.LogDirectoryUsage;
import dev.ferry.services.broker.PartitionOffsets;
import dev.ferry.services.broker.Partitions;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.broker.ProducerState;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.TimestampOffset;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The transaction markers the coordinator writes, held in memory on the test's thread; they can be made to fail. */
final class MemoryPartitions implements Partitions {

    /** A marker the coordinator wrote. */
    record Marker(TopicPartition partition, ProducerIdAndEpoch producer, boolean commit) {
    }

    private final List<Marker> markers = new ArrayList<>();
    private final Map<TopicPartition, BrokerError> failingMarkers = new HashMap<>();

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

    @Override
    public CompletableFuture<AppendResult> append(TopicPartition partition, ByteBuffer records, Acks acks,
                                                  Optional<String> transactionalId) {
        throw new UnsupportedOperationException();
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
    public CompletableFuture<Optional<TimestampOffset>> offsetForTimestamp(TopicPartition partition, long timestamp) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Optional<TimestampOffset>> maxTimestamp(TopicPartition partition) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Long> deleteRecordsBefore(TopicPartition partition, long offset) {
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
