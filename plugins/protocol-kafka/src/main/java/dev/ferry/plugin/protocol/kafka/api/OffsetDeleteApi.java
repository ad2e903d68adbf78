package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.TopicDescription;
import dev.ferry.spi.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetDeleteResponse;

/**
 * OffsetDelete: removes a group's committed offsets for some partitions. As in Kafka, a partition of a topic that
 * does not exist gets UNKNOWN_TOPIC_OR_PARTITION, the group is asked even when no partition is left (so an unknown
 * group is still GROUP_ID_NOT_FOUND, the response's own error), and the answer waits until the deletion is durable.
 */
final class OffsetDeleteApi implements KafkaApi {

    private final BrokerServices broker;

    OffsetDeleteApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_DELETE;
    }

    @Override
    public short maxVersion() {
        return 0;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        OffsetDeleteRequest offsetDelete = (OffsetDeleteRequest) request;
        OffsetDeleteResponse.Builder response = new OffsetDeleteResponse.Builder();
        List<TopicPartition> partitions = new ArrayList<>();
        for (OffsetDeleteRequestTopic topic : offsetDelete.data().topics()) {
            Optional<TopicDescription> found = broker.topics().describe(topic.name());
            for (OffsetDeleteRequestPartition partition : topic.partitions()) {
                int index = partition.partitionIndex();
                if (found.isPresent() && found.get().hasPartition(index)) {
                    partitions.add(new TopicPartition(topic.name(), index));
                } else {
                    response.addPartition(topic.name(), index, Errors.UNKNOWN_TOPIC_OR_PARTITION);
                }
            }
        }
        return broker.groups().deleteOffsets(offsetDelete.data().groupId(), partitions).thenApply(errors -> {
            for (TopicPartition partition : partitions) {
                response.addPartition(partition.topic(), partition.partition(),
                        KafkaErrors.toKafka(errors.get(partition)));
            }
            return response.build();
        });
    }
}
