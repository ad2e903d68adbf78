package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.spi.broker.BrokerServices;
import dev.ferry.spi.broker.TopicDescription;
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
import org.apache.kafka.common.requests.DescribeProducersRequest;
import org.apache.kafka.common.requests.DescribeProducersResponse;

/**
 * DescribeProducers: the producers with state in each partition. The broker keeps no idempotent or transactional
 * producer state yet, so every partition it holds has none; a partition it does not hold is unknown.
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
            boolean known = topic.isPresent() && partition >= 0 && partition < topic.get().partitions();
            response.partitions().add(new PartitionResponse()
                    .setPartitionIndex(partition)
                    .setErrorCode(known ? Errors.NONE.code() : Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                    .setActiveProducers(List.of()));
        }
        return response;
    }
}
