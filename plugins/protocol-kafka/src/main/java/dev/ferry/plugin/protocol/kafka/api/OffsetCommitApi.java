package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.TopicDescription;
import dev.ferry.services.group.CommittedOffset;
import dev.ferry.services.group.OffsetCommit;
import dev.ferry.spi.TopicPartition;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;

/**
 * OffsetCommit, topics by name or (v10) by id. As in Kafka, a partition of a topic that does not exist gets
 * UNKNOWN_TOPIC_OR_PARTITION (UNKNOWN_TOPIC_ID for an unknown id) without reaching the group, and the rest are
 * committed together; the answer waits until the commit is durable.
 *
 * <p>The retention time of v2-4 is not honoured: offsets expire by the broker's {@code offsets.retention.minutes}.
 * A null metadata string is stored as {@code ""}, as Kafka stores it.
 */
final class OffsetCommitApi implements KafkaApi {

    private final BrokerServices broker;

    OffsetCommitApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_COMMIT;
    }

    @Override
    public short maxVersion() {
        return 10;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        OffsetCommitRequestData data = ((OffsetCommitRequest) request).data();
        boolean byId = OffsetCommitResponse.useTopicIds(context.apiVersion());
        OffsetCommitResponse.Builder response = OffsetCommitResponse.newBuilder(byId);
        Map<TopicPartition, CommittedOffset> offsets = new LinkedHashMap<>();
        Map<String, Uuid> topicIds = new HashMap<>();
        for (OffsetCommitRequestTopic topic : data.topics()) {
            Optional<TopicDescription> found = byId
                    ? TopicIds.describe(broker.topics(), topic.topicId())
                    : broker.topics().describe(topic.name());
            if (found.isEmpty()) {
                response.addPartitions(topic.topicId(), topic.name(), topic.partitions(),
                        OffsetCommitRequestPartition::partitionIndex,
                        byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION);
                continue;
            }
            String name = found.get().name();
            topicIds.put(name, TopicIds.toKafka(found.get().topicId()));
            for (OffsetCommitRequestPartition partition : topic.partitions()) {
                int index = partition.partitionIndex();
                if (!found.get().hasPartition(index)) {
                    response.addPartition(topic.topicId(), name, index, Errors.UNKNOWN_TOPIC_OR_PARTITION);
                } else {
                    offsets.put(new TopicPartition(name, index), CommittedOffset.requested(partition.committedOffset(),
                            partition.committedLeaderEpoch(), partition.committedMetadata()));
                }
            }
        }
        if (offsets.isEmpty()) {
            return CompletableFuture.completedFuture(response.build());
        }
        OffsetCommit commit = new OffsetCommit(data.groupId(), data.memberId(), data.generationIdOrMemberEpoch(),
                Optional.ofNullable(data.groupInstanceId()), offsets);
        return broker.groups().commitOffsets(commit).thenApply(errors -> {
            for (TopicPartition partition : offsets.keySet()) {
                response.addPartition(topicIds.get(partition.topic()), partition.topic(), partition.partition(),
                        KafkaErrors.toKafka(errors.get(partition)));
            }
            return response.build();
        });
    }
}
