package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.spi.TopicPartition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResultCollection;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResultCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteRecordsRequest;
import org.apache.kafka.common.requests.DeleteRecordsResponse;

/**
 * DeleteRecords: moves each partition's log start offset up to the offset asked for (-1: the high watermark) and
 * answers the log start offset afterwards, Kafka's low watermark. The broker has no followers to wait for, so the
 * request's timeout does not come into it. Deleting segments touches the disk, so it runs on the broker's storage
 * threads, and the answer waits for it.
 */
final class DeleteRecordsApi implements KafkaApi {

    private final BrokerServices broker;

    DeleteRecordsApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_RECORDS;
    }

    @Override
    public short maxVersion() {
        return 2;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        DeleteRecordsRequest deleteRecords = (DeleteRecordsRequest) request;
        return deleteAll(deleteRecords);
    }

    private CompletableFuture<AbstractResponse> deleteAll(DeleteRecordsRequest request) {
        // As Kafka does: a partition named twice is answered once, for the last offset given.
        Map<String, Map<Integer, Long>> offsets = new LinkedHashMap<>();
        for (DeleteRecordsTopic topic : request.data().topics()) {
            Map<Integer, Long> partitions = offsets.computeIfAbsent(topic.name(), name -> new LinkedHashMap<>());
            for (DeleteRecordsPartition partition : topic.partitions()) {
                partitions.put(partition.partitionIndex(), partition.offset());
            }
        }
        List<CompletableFuture<DeleteRecordsTopicResult>> topics = new ArrayList<>();
        offsets.forEach((topic, partitions) -> {
            List<CompletableFuture<DeleteRecordsPartitionResult>> results = new ArrayList<>();
            partitions.forEach((partition, offset) -> results.add(delete(topic, partition, offset)));
            topics.add(InOrder.all(results).thenApply(deleted -> new DeleteRecordsTopicResult()
                    .setName(topic)
                    .setPartitions(new DeleteRecordsPartitionResultCollection(deleted.iterator()))));
        });
        return InOrder.all(topics).thenApply(deleted -> new DeleteRecordsResponse(new DeleteRecordsResponseData()
                .setThrottleTimeMs(0)
                .setTopics(new DeleteRecordsTopicResultCollection(deleted.iterator()))));
    }

    private CompletableFuture<DeleteRecordsPartitionResult> delete(String topic, int partition, long offset) {
        if (partition < 0) {
            return CompletableFuture.completedFuture(failed(partition, Errors.UNKNOWN_TOPIC_OR_PARTITION));
        }
        if (Topic.isInternal(topic)) {
            return CompletableFuture.completedFuture(failed(partition, broker.topics().describe(topic).isPresent()
                    ? Errors.INVALID_TOPIC_EXCEPTION : Errors.UNKNOWN_TOPIC_OR_PARTITION));
        }
        if (offset < DeleteRecordsRequest.HIGH_WATERMARK) {
            return CompletableFuture.completedFuture(failed(partition, Errors.OFFSET_OUT_OF_RANGE));
        }
        return KafkaErrors.call(() -> broker.partitions().deleteRecordsBefore(new TopicPartition(topic, partition),
                        offset))
                .handle((lowWatermark, failure) -> failure != null
                        ? failed(partition, KafkaErrors.toApiError(failure).error())
                        : new DeleteRecordsPartitionResult()
                                .setPartitionIndex(partition)
                                .setLowWatermark(lowWatermark)
                                .setErrorCode(Errors.NONE.code()));
    }

    private static DeleteRecordsPartitionResult failed(int partition, Errors error) {
        return new DeleteRecordsPartitionResult()
                .setPartitionIndex(partition)
                .setLowWatermark(DeleteRecordsResponse.INVALID_LOW_WATERMARK)
                .setErrorCode(error.code());
    }
}
