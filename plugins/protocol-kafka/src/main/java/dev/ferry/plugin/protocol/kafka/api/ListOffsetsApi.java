package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.PartitionOffsets;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.TimestampOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;

/**
 * ListOffsets, answered as Kafka answers it without tiered storage: the earliest offset (-2, and -4, since the
 * whole log is local), the latest (-1), the record with the newest timestamp (-3), the first record at or after a
 * timestamp, and for the latest tiered offset (-5) offset -1. A lookup that finds nothing answers offset -1 and
 * timestamp -1 without an error. A special timestamp newer than the request's version, or one Kafka does not know,
 * gets UNSUPPORTED_VERSION.
 *
 * <p>As in Kafka, the latest offset and the records found by time are those a consumer of the request's isolation
 * level can read: below the high watermark, or below the last stable offset for read_committed.
 *
 * <p>Lookups by time read the log: they run on the broker's storage threads, and the answer waits for them.
 */
final class ListOffsetsApi implements KafkaApi {

    private final BrokerServices broker;

    ListOffsetsApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_OFFSETS;
    }

    @Override
    public short maxVersion() {
        return 10;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        ListOffsetsRequest listOffsets = (ListOffsetsRequest) request;
        Set<org.apache.kafka.common.TopicPartition> duplicates = listOffsets.duplicatePartitions();
        boolean readCommitted = listOffsets.isolationLevel() == IsolationLevel.READ_COMMITTED;
        List<CompletableFuture<ListOffsetsTopicResponse>> topics = new ArrayList<>();
        for (ListOffsetsTopic topic : listOffsets.topics()) {
            List<CompletableFuture<ListOffsetsPartitionResponse>> partitions = new ArrayList<>();
            for (ListOffsetsPartition partition : topic.partitions()) {
                boolean duplicate = duplicates.contains(
                        new org.apache.kafka.common.TopicPartition(topic.name(), partition.partitionIndex()));
                partitions.add(duplicate
                        ? CompletableFuture.completedFuture(notFound(partition, Errors.INVALID_REQUEST))
                        : offset(topic.name(), partition, context.apiVersion(), readCommitted));
            }
            topics.add(InOrder.all(partitions).thenApply(answered -> new ListOffsetsTopicResponse()
                    .setName(topic.name())
                    .setPartitions(answered)));
        }
        return InOrder.all(topics).thenApply(answered -> new ListOffsetsResponse(new ListOffsetsResponseData()
                .setThrottleTimeMs(0)
                .setTopics(answered)));
    }

    /**
     * The oldest ListOffsets version that may ask for a timestamp, or -1 for a special timestamp Kafka does not
     * know. As in Kafka's ReplicaManager.
     */
    static int minVersion(long timestamp) {
        if (timestamp >= 0 || timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP
                || timestamp == ListOffsetsRequest.LATEST_TIMESTAMP) {
            return 1;
        }
        if (timestamp == ListOffsetsRequest.MAX_TIMESTAMP) {
            return 7;
        }
        if (timestamp == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
            return 8;
        }
        if (timestamp == ListOffsetsRequest.LATEST_TIERED_TIMESTAMP) {
            return 9;
        }
        return -1;
    }

    private CompletableFuture<ListOffsetsPartitionResponse> offset(String topic, ListOffsetsPartition partition,
                                                                   short version, boolean readCommitted) {
        long timestamp = partition.timestamp();
        int minVersion = minVersion(timestamp);
        if (minVersion < 0 || version < minVersion) {
            return CompletableFuture.completedFuture(notFound(partition, Errors.UNSUPPORTED_VERSION));
        }
        if (partition.partitionIndex() < 0) {
            return CompletableFuture.completedFuture(notFound(partition, Errors.UNKNOWN_TOPIC_OR_PARTITION));
        }
        return KafkaErrors.call(() -> lookUp(new TopicPartition(topic, partition.partitionIndex()), timestamp,
                        readCommitted))
                .handle((found, failure) -> failure != null
                        ? notFound(partition, KafkaErrors.toApiError(failure).error())
                        : found(partition, version, found));
    }

    private static ListOffsetsPartitionResponse found(ListOffsetsPartition partition, short version,
                                                      Optional<TimestampOffset> found) {
        if (found.isEmpty()) {
            return notFound(partition, Errors.NONE);
        }
        ListOffsetsPartitionResponse response = new ListOffsetsPartitionResponse()
                .setPartitionIndex(partition.partitionIndex())
                .setErrorCode(Errors.NONE.code())
                .setTimestamp(found.get().timestamp())
                .setOffset(found.get().offset());
        // Not ignorable: writing it below v4 would fail. The broker has one leader epoch, 0, as Metadata says.
        return version >= 4 ? response.setLeaderEpoch(0) : response;
    }

    /** Empty when there is no such record, or when a consumer of the isolation level cannot read it yet. */
    private CompletableFuture<Optional<TimestampOffset>> lookUp(TopicPartition partition, long timestamp,
                                                                boolean readCommitted) {
        PartitionOffsets offsets = broker.partitions().offsets(partition);
        long readable = readCommitted ? offsets.lastStableOffset() : offsets.highWatermark();
        if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP) {
            return CompletableFuture.completedFuture(Optional.of(new TimestampOffset(RecordBatch.NO_TIMESTAMP,
                    readable)));
        }
        if (timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP
                || timestamp == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
            return CompletableFuture.completedFuture(Optional.of(new TimestampOffset(RecordBatch.NO_TIMESTAMP,
                    offsets.logStartOffset())));
        }
        if (timestamp == ListOffsetsRequest.LATEST_TIERED_TIMESTAMP) {
            // Kafka without remote storage: offset -1, timestamp -1, leader epoch -1, no error.
            return CompletableFuture.completedFuture(Optional.empty());
        }
        CompletableFuture<Optional<TimestampOffset>> found = timestamp == ListOffsetsRequest.MAX_TIMESTAMP
                ? broker.partitions().maxTimestamp(partition)
                : broker.partitions().offsetForTimestamp(partition, timestamp);
        return found.thenApply(record -> record.filter(candidate -> candidate.offset() < readable));
    }

    private static ListOffsetsPartitionResponse notFound(ListOffsetsPartition partition, Errors error) {
        return new ListOffsetsPartitionResponse()
                .setPartitionIndex(partition.partitionIndex())
                .setErrorCode(error.code())
                .setTimestamp(ListOffsetsResponse.UNKNOWN_TIMESTAMP)
                .setOffset(ListOffsetsResponse.UNKNOWN_OFFSET);
    }
}
