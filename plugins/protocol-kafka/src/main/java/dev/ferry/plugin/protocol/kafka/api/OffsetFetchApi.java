package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.group.CommittedOffset;
import dev.ferry.services.group.OffsetFetch;
import dev.ferry.spi.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * own, the response keeping the request's order: a group's failure, a consumer-protocol member's stale epoch for
 * instance, is that group's error. As in Kafka, a partition without a committed offset, of an unknown group or topic
 * too, answers offset -1, leader epoch -1 and metadata {@code ""}; asking for every partition answers those with an
 * offset. The request classes turn the v1-7 forms into the batched one and back.
 *
 * <p>With {@code requireStable} (v7+), a partition whose group has offsets pending in an open transaction answers
 * UNSTABLE_OFFSET_COMMIT and offset -1, as in Kafka, and the consumer asks again.
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
        OffsetFetchRequest offsetFetch = (OffsetFetchRequest) request;
        boolean requireStable = offsetFetch.requireStable();
        List<CompletableFuture<OffsetFetchResponseGroup>> groups = offsetFetch.groups().stream()
                .map(group -> KafkaErrors.call(() -> group.topics() == null ? fetchAll(group, version, requireStable)
                                : fetch(group, version, requireStable))
                        .exceptionally(failure -> OffsetFetchResponse.groupError(group,
                                KafkaErrors.toApiError(failure).error(), version)))
                .toList();
        return InOrder.all(groups).thenApply(answered -> new OffsetFetchResponse.Builder(answered).build(version));
    }

    private CompletableFuture<OffsetFetchResponseGroup> fetchAll(OffsetFetchRequestGroup group, short version,
                                                                 boolean requireStable) {
        return committed(query(group, Optional.empty()), requireStable)
                .thenApply(committed -> answerAll(group, version, committed));
    }

    private OffsetFetchResponseGroup answerAll(OffsetFetchRequestGroup group, short version, Committed committed) {
        SortedMap<String, SortedMap<Integer, CommittedOffset>> byTopic = new TreeMap<>();
        committed.offsets().forEach((partition, offset) -> byTopic
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
            offsets.keySet().forEach(partition -> topic.partitions().add(
                    committed.answer(new TopicPartition(name, partition))));
            topics.add(topic);
        });
        return new OffsetFetchResponseGroup().setGroupId(group.groupId()).setTopics(topics);
    }

    private CompletableFuture<OffsetFetchResponseGroup> fetch(OffsetFetchRequestGroup group, short version,
                                                              boolean requireStable) {
        boolean byId = OffsetFetchRequest.useTopicIds(version);
        List<AskedTopic> asked = group.topics().stream()
                .map(topic -> new AskedTopic(topic,
                        byId ? TopicIds.name(broker.topics(), topic.topicId()) : Optional.of(topic.name())))
                .toList();
        return committed(query(group, Optional.of(asked.stream().flatMap(AskedTopic::partitions).toList())),
                requireStable).thenApply(committed -> new OffsetFetchResponseGroup()
                        .setGroupId(group.groupId())
                        .setTopics(asked.stream().map(topic -> topic.answer(committed)).toList()));
    }

    private static OffsetFetch query(OffsetFetchRequestGroup group, Optional<List<TopicPartition>> partitions) {
        return new OffsetFetch(group.groupId(), Optional.ofNullable(group.memberId()), group.memberEpoch(),
                partitions);
    }

    /**
     * The group's committed offsets, and with {@code requireStable} the partitions pending in a transaction, read
     * together: a transaction that ends meanwhile shows as unstable, and the client asks again.
     */
    private CompletableFuture<Committed> committed(OffsetFetch query, boolean requireStable) {
        return broker.groups().committedOffsets(query).thenApply(offsets ->
                new Committed(offsets.committed(), requireStable ? offsets.pending() : Set.of()));
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

    /** A group's committed offsets, and the partitions answered as unstable instead. */
    private record Committed(Map<TopicPartition, CommittedOffset> offsets, Set<TopicPartition> unstable) {

        OffsetFetchResponsePartitions answer(TopicPartition partition) {
            CommittedOffset offset = offsets.get(partition);
            return unstable.contains(partition) ? notCommitted(partition.partition(), Errors.UNSTABLE_OFFSET_COMMIT)
                    : offset != null ? committed(partition.partition(), offset)
                    : notCommitted(partition.partition(), Errors.NONE);
        }
    }

    /** A topic asked about, with its name; no name when the request gave an id of no topic. */
    private record AskedTopic(OffsetFetchRequestTopics requested, Optional<String> name) {

        /** The partitions to ask the group about: no topic has a negative partition. */
        Stream<TopicPartition> partitions() {
            return name.stream().flatMap(topic -> requested.partitionIndexes().stream()
                    .filter(partition -> partition >= 0)
                    .map(partition -> new TopicPartition(topic, partition)));
        }

        OffsetFetchResponseTopics answer(Committed committed) {
            OffsetFetchResponseTopics topic = new OffsetFetchResponseTopics()
                    .setName(name.orElse(""))
                    .setTopicId(requested.topicId());
            for (int partition : requested.partitionIndexes()) {
                topic.partitions().add(name.isEmpty() ? notCommitted(partition, Errors.UNKNOWN_TOPIC_ID)
                        : partition < 0 ? notCommitted(partition, Errors.NONE)
                        : committed.answer(new TopicPartition(name.get(), partition)));
            }
            return topic;
        }
    }
}
