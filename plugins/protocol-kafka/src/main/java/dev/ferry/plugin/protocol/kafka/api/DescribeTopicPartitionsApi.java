package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.TopicDescription;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData.TopicRequest;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.Cursor;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeTopicPartitionsRequest;
import org.apache.kafka.common.requests.DescribeTopicPartitionsResponse;

/**
 * DescribeTopicPartitions (KIP-966), which the AdminClient's describeTopics uses: the topics named (all of them when
 * none is), in name order, one page at a time. A page holds at most {@code response_partition_limit} partitions
 * (capped at {@link #MAX_PARTITIONS}, Kafka's {@code max.request.partition.size.limit} default) and ends with a cursor
 * where the next one starts. This broker leads every partition, alone in its replica set; it has no eligible leader
 * replicas.
 */
final class DescribeTopicPartitionsApi implements KafkaApi {

    static final int MAX_PARTITIONS = 2000;

    private final BrokerServices broker;

    DescribeTopicPartitionsApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_TOPIC_PARTITIONS;
    }

    @Override
    public short maxVersion() {
        return 0;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        DescribeTopicPartitionsRequestData data = ((DescribeTopicPartitionsRequest) request).data();
        String cursorTopic = data.cursor() == null ? "" : data.cursor().topicName();
        boolean allTopics = data.topics().isEmpty();
        TreeSet<String> names = new TreeSet<>();
        if (allTopics) {
            broker.topics().list().forEach(topic -> names.add(topic.name()));
        } else {
            data.topics().stream().map(TopicRequest::name).forEach(names::add);
        }
        names.headSet(cursorTopic).clear();
        if (data.cursor() != null && !allTopics && !names.contains(cursorTopic)) {
            return failed(new InvalidRequestException(
                    "DescribeTopicPartitionsRequest topic list should contain the cursor topic: " + cursorTopic));
        }
        if (data.cursor() != null && data.cursor().partitionIndex() < 0) {
            return failed(new InvalidRequestException(
                    "DescribeTopicPartitionsRequest cursor partition must be valid: " + data.cursor()));
        }
        int limit = Math.max(Math.min(MAX_PARTITIONS, data.responsePartitionLimit()), 1);
        Page page = new Page(limit);
        for (String name : names) {
            int first = name.equals(cursorTopic) ? data.cursor().partitionIndex() : 0;
            if (!page.add(name, broker.topics().describe(name), first, allTopics)) {
                break;
            }
        }
        return CompletableFuture.completedFuture(new DescribeTopicPartitionsResponse(page.response));
    }

    private static CompletableFuture<AbstractResponse> failed(InvalidRequestException e) {
        return CompletableFuture.failedFuture(e);
    }

    /** One response: topics added until the partition limit is reached, then the cursor to go on from. */
    private final class Page {

        private final DescribeTopicPartitionsResponseData response = new DescribeTopicPartitionsResponseData()
                .setThrottleTimeMs(0);
        private int remaining;

        Page(int limit) {
            this.remaining = limit;
        }

        /** Adds the topic's partitions from {@code first} on; false once the page is full. */
        boolean add(String name, Optional<TopicDescription> topic, int first, boolean skipMissing) {
            if (remaining == 0) {
                response.setNextCursor(new Cursor().setTopicName(name).setPartitionIndex(0));
                return false;
            }
            if (topic.isEmpty()) {
                if (!skipMissing) {
                    Errors error = Topic.isValid(name) ? Errors.UNKNOWN_TOPIC_OR_PARTITION
                            : Errors.INVALID_TOPIC_EXCEPTION;
                    response.topics().add(new DescribeTopicPartitionsResponseTopic()
                            .setErrorCode(error.code())
                            .setName(name)
                            .setTopicId(Uuid.ZERO_UUID)
                            .setIsInternal(Topic.isInternal(name)));
                }
                return true;
            }
            int end = (int) Math.min(topic.get().partitions(), (long) first + remaining);
            DescribeTopicPartitionsResponseTopic described = new DescribeTopicPartitionsResponseTopic()
                    .setErrorCode(Errors.NONE.code())
                    .setName(name)
                    .setTopicId(TopicIds.toKafka(topic.get().topicId()))
                    .setIsInternal(topic.get().internal())
                    .setTopicAuthorizedOperations(AuthorizedOperations.TOPIC);
            for (int partition = first; partition < end; partition++) {
                described.partitions().add(partition(partition));
            }
            response.topics().add(described);
            if (end < topic.get().partitions()) {
                response.setNextCursor(new Cursor().setTopicName(name).setPartitionIndex(end));
                return false;
            }
            remaining -= Math.max(0, end - first);
            return true;
        }

        private DescribeTopicPartitionsResponsePartition partition(int index) {
            List<Integer> self = List.of(broker.cluster().brokerId());
            return new DescribeTopicPartitionsResponsePartition()
                    .setErrorCode(Errors.NONE.code())
                    .setPartitionIndex(index)
                    .setLeaderId(self.get(0))
                    .setLeaderEpoch(0)
                    .setReplicaNodes(self)
                    .setIsrNodes(self)
                    .setEligibleLeaderReplicas(List.of())
                    .setLastKnownElr(List.of())
                    .setOfflineReplicas(List.of());
        }
    }
}
