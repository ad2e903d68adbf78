package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.ProducerState;
import dev.ferry.services.broker.TopicDescription;
import dev.ferry.spi.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DescribeProducersRequestData.TopicRequest;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.DescribeProducersResponseData.PartitionResponse;
import org.apache.kafka.common.message.DescribeProducersResponseData.TopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DescribeProducersRequest;
import org.apache.kafka.common.requests.DescribeProducersResponse;

/**
 * DescribeProducers: the idempotent and transactional producers each partition remembers, with their open
 * transaction's first offset: what Admin.abortTransaction needs to end a hanging transaction.
 */
final class DescribeProducersApi implements KafkaApi {

    private final BrokerServices broker;

    DescribeProducersApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_PRODUCERS;
    }

    @Override
    public short maxVersion() {
        return 0;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        DescribeProducersRequest describeProducers = (DescribeProducersRequest) request;
        List<TopicResponse> topics = new ArrayList<>();
        for (TopicRequest topic : describeProducers.data().topics()) {
            topics.add(describe(topic));
        }
        return CompletableFuture.completedFuture(new DescribeProducersResponse(new DescribeProducersResponseData()
                .setThrottleTimeMs(0)
                .setTopics(topics)));
    }

    private TopicResponse describe(TopicRequest requested) {
        Optional<TopicDescription> topic = broker.topics().describe(requested.name());
        TopicResponse response = new TopicResponse().setName(requested.name());
        for (int partition : requested.partitionIndexes()) {
            boolean known = topic.isPresent() && topic.get().hasPartition(partition);
            response.partitions().add(known ? producers(new TopicPartition(requested.name(), partition))
                    : new PartitionResponse()
                            .setPartitionIndex(partition)
                            .setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()));
        }
        return response;
    }

    private PartitionResponse producers(TopicPartition partition) {
        PartitionResponse response = new PartitionResponse().setPartitionIndex(partition.partition());
        List<ProducerState> producers;
        try {
            producers = broker.partitions().producers(partition);
        } catch (RuntimeException e) {
            ApiError error = KafkaErrors.toApiError(e);
            return response.setErrorCode(error.error().code()).setErrorMessage(error.message());
        }
        return response
                .setErrorCode(Errors.NONE.code())
                .setActiveProducers(producers.stream()
                        .map(producer -> new DescribeProducersResponseData.ProducerState()
                                .setProducerId(producer.producerId())
                                .setProducerEpoch(producer.epoch())
                                .setLastSequence(producer.lastSequence())
                                .setLastTimestamp(producer.lastTimestamp())
                                .setCoordinatorEpoch(producer.coordinatorEpoch())
                                .setCurrentTxnStartOffset(producer.currentTransactionStartOffset()))
                        .toList());
    }
}
