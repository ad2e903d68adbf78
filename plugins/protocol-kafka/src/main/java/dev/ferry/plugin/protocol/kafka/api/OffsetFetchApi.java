package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.broker.BrokerServices;
import dev.ferry.spi.group.CommittedOffset;
import dev.ferry.spi.group.OffsetFetch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;

/**
 * OffsetFetch, for one group (v1-7) or several (v8+), topics by name or (v10) by id. Each group is answered on its
 * own: a group's failure, a consumer-protocol member's stale epoch for instance, is that group's error. As in
 * Kafka, a partition without a committed offset, of an unknown group or topic too, answers offset -1, leader epoch
 * -1 and metadata {@code ""}; asking for every partition answers those with an offset. The request classes turn
 * the v1-7 forms into the batched one and back.
 *
 * <p>{@code requireStable} is accepted: without transactions no offset is ever pending.
 */
final class OffsetFetchApi implements KafkaApi {

    private final BrokerServices broker;

    OffsetFetchApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FETCH;
    }

    @Override
    public short maxVersion() {
        return 10;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        short version = context.apiVersion();
        List<OffsetFetchResponseGroup> groups = new ArrayList<>();
        for (OffsetFetchRequestGroup group : ((OffsetFetchRequest) request).groups()) {
            try {
                groups.add(group.topics() == null ? fetchAll(group, version) : fetch(group, version));
            } catch (RuntimeException e) {
                groups.add(OffsetFetchResponse.groupError(group, KafkaErrors.toApiError(e).error(), version));
            }
        }
        return CompletableFuture.completedFuture(new OffsetFetchResponse.Builder(groups).build(version));
    }

    private OffsetFetchResponseGroup fetchAll(OffsetFetchRequestGroup group, short version) {
        Map<TopicPartition, CommittedOffset> committed = broker.groups().committedOffsets(query(group,
                Optional.empty()));
        SortedMap<String, SortedMap<Integer, CommittedOffset>> byTopic = new TreeMap<>();
        committed.forEach((partition, offset) -> byTopic
                .computeIfAbsent(partition.topic(), topic -> new TreeMap<>())
                .put(partition.partition(), offset));
        boolean byId = OffsetFetchRequest.useTopicIds(version);
        List<OffsetFetchResponseTopics> topics = new ArrayList<>();
        byTopic.forEach((name, offsets) -> {
            Optional<Uuid> id = byId ? TopicIds.id(broker.topics(), name) : Optional.of(Uuid.ZERO_UUID);
            // A topic that no longer exists has no id to name it by; Kafka leaves it out too.
            if (id.isEmpty()) {
                return;
            }
            OffsetFetchResponseTopics topic = new OffsetFetchResponseTopics()
                    .setName(name)
                    .setTopicId(id.get());
            offsets.forEach((partition, offset) -> topic.partitions().add(committed(partition, offset)));
            topics.add(topic);
        });
        return new OffsetFetchResponseGroup().setGroupId(group.groupId()).setTopics(topics);
    }

    private OffsetFetchResponseGroup fetch(OffsetFetchRequestGroup group, short version) {
        boolean byId = OffsetFetchRequest.useTopicIds(version);
        List<AskedTopic> asked = group.topics().stream()
                .map(topic -> new AskedTopic(topic,
                        byId ? TopicIds.name(broker.topics(), topic.topicId()) : Optional.of(topic.name())))
                .toList();
        Map<TopicPartition, CommittedOffset> committed = broker.groups().committedOffsets(query(group,
                Optional.of(asked.stream().flatMap(AskedTopic::partitions).toList())));
        return new OffsetFetchResponseGroup()
                .setGroupId(group.groupId())
                .setTopics(asked.stream().map(topic -> topic.answer(committed)).toList());
    }

    private static OffsetFetch query(OffsetFetchRequestGroup group, Optional<List<TopicPartition>> partitions) {
        return new OffsetFetch(group.groupId(), Optional.ofNullable(group.memberId()), group.memberEpoch(),
                partitions, false);
    }

    private static OffsetFetchResponsePartitions committed(int partition, CommittedOffset offset) {
        return new OffsetFetchResponsePartitions()
                .setPartitionIndex(partition)
                .setCommittedOffset(offset.offset())
                .setCommittedLeaderEpoch(offset.leaderEpoch())
                .setMetadata(offset.metadata())
                .setErrorCode(Errors.NONE.code());
    }

    private static OffsetFetchResponsePartitions notCommitted(int partition, Errors error) {
        return new OffsetFetchResponsePartitions()
                .setPartitionIndex(partition)
                .setCommittedOffset(OffsetFetchResponse.INVALID_OFFSET)
                .setCommittedLeaderEpoch(-1)
                .setMetadata(OffsetFetchResponse.NO_METADATA)
                .setErrorCode(error.code());
    }

    /** A topic asked about, with its name; no name when the request gave an id of no topic. */
    private record AskedTopic(OffsetFetchRequestTopics requested, Optional<String> name) {

        /** The partitions to ask the group about: no topic has a negative partition. */
        Stream<TopicPartition> partitions() {
            return name.stream().flatMap(topic -> requested.partitionIndexes().stream()
                    .filter(partition -> partition >= 0)
                    .map(partition -> new TopicPartition(topic, partition)));
        }

        OffsetFetchResponseTopics answer(Map<TopicPartition, CommittedOffset> committed) {
            OffsetFetchResponseTopics topic = new OffsetFetchResponseTopics()
                    .setName(name.orElse(""))
                    .setTopicId(requested.topicId());
            for (int partition : requested.partitionIndexes()) {
                CommittedOffset offset = name.isEmpty() || partition < 0 ? null
                        : committed.get(new TopicPartition(name.get(), partition));
                topic.partitions().add(offset != null ? committed(partition, offset)
                        : notCommitted(partition, name.isPresent() ? Errors.NONE : Errors.UNKNOWN_TOPIC_ID));
            }
            return topic;
        }
    }
}
