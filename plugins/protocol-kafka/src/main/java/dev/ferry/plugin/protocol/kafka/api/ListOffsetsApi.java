package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.broker.BrokerServices;
import dev.ferry.spi.broker.PartitionOffsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;

/**
 * ListOffsets for the earliest and the latest offset of a partition. Lookups by timestamp, including the newest
 * timestamp (-3), are not served yet: they get UNSUPPORTED_FOR_MESSAGE_FORMAT, Kafka's answer for a log that
 * cannot be searched by time. The Java consumer then reports no offset for the partition; INVALID_REQUEST would
 * make it retry until its timeout.
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
        List<ListOffsetsTopicResponse> topics = new ArrayList<>();
        for (ListOffsetsTopic topic : listOffsets.topics()) {
            ListOffsetsTopicResponse topicResponse = new ListOffsetsTopicResponse().setName(topic.name());
            for (ListOffsetsPartition partition : topic.partitions()) {
                boolean duplicate = duplicates.contains(
                        new org.apache.kafka.common.TopicPartition(topic.name(), partition.partitionIndex()));
                topicResponse.partitions().add(duplicate
                        ? failed(partition, Errors.INVALID_REQUEST)
                        : offset(topic.name(), partition, context.apiVersion()));
            }
            topics.add(topicResponse);
        }
        return CompletableFuture.completedFuture(new ListOffsetsResponse(new ListOffsetsResponseData()
                .setThrottleTimeMs(0)
                .setTopics(topics)));
    }

    private ListOffsetsPartitionResponse offset(String topic, ListOffsetsPartition partition, short version) {
        if (partition.partitionIndex() < 0) {
            return failed(partition, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        long timestamp = partition.timestamp();
        boolean earliest = timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP
                // Without tiered storage the whole log is local.
                || timestamp == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP;
        if (!earliest && timestamp != ListOffsetsRequest.LATEST_TIMESTAMP) {
            return failed(partition, Errors.UNSUPPORTED_FOR_MESSAGE_FORMAT);
        }
        PartitionOffsets offsets;
        try {
            offsets = broker.partitions().offsets(new TopicPartition(topic, partition.partitionIndex()));
        } catch (RuntimeException e) {
            return failed(partition, KafkaErrors.toApiError(e).error());
        }
        // read_committed reads up to the last stable offset, which is the high watermark until transactions.
        ListOffsetsPartitionResponse response = new ListOffsetsPartitionResponse()
                .setPartitionIndex(partition.partitionIndex())
                .setErrorCode(Errors.NONE.code())
                .setTimestamp(ListOffsetsResponse.UNKNOWN_TIMESTAMP)
                .setOffset(earliest ? offsets.logStartOffset() : offsets.highWatermark());
        // Not ignorable: writing it below v4 would fail.
        return version >= 4 ? response.setLeaderEpoch(0) : response;
    }

    private static ListOffsetsPartitionResponse failed(ListOffsetsPartition partition, Errors error) {
        return new ListOffsetsPartitionResponse()
                .setPartitionIndex(partition.partitionIndex())
                .setErrorCode(error.code())
                .setTimestamp(ListOffsetsResponse.UNKNOWN_TIMESTAMP)
                .setOffset(ListOffsetsResponse.UNKNOWN_OFFSET);
    }
}
