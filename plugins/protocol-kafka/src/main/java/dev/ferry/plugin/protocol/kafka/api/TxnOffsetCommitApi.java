package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.broker.TopicDescription;
import dev.ferry.services.group.CommittedOffset;
import dev.ferry.services.group.TxnOffsetCommit;
import dev.ferry.spi.TopicPartition;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.TxnOffsetCommitRequest;
import org.apache.kafka.common.requests.TxnOffsetCommitResponse;

/**
 * TxnOffsetCommit: a group's offsets committed inside a producer's transaction, visible to the group once the
 * transaction commits. As with OffsetCommit, a partition of a topic that does not exist gets
 * UNKNOWN_TOPIC_OR_PARTITION without reaching the group. Version 5 belongs to transaction.version 2 (KIP-890), which
 * the broker does not finalize: clients send version 4 at most.
 *
 * <p>A null metadata string is stored as {@code ""}, as Kafka stores it.
 */
final class TxnOffsetCommitApi implements KafkaApi {

    /** The first version whose clients retry COORDINATOR_LOAD_IN_PROGRESS (KAFKA-7296). */
    private static final int LOADING_RETRIED_SINCE = 2;

    private final BrokerServices broker;

    TxnOffsetCommitApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.TXN_OFFSET_COMMIT;
    }

    @Override
    public short maxVersion() {
        return 4;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        TxnOffsetCommitRequest commitRequest = (TxnOffsetCommitRequest) request;
        TxnOffsetCommitRequestData data = commitRequest.data();
        short version = context.apiVersion();
        TxnOffsetCommitResponse.Builder response = new TxnOffsetCommitResponse.Builder();
        Map<TopicPartition, CommittedOffset> offsets = new LinkedHashMap<>();
        for (TxnOffsetCommitRequestTopic topic : data.topics()) {
            Optional<TopicDescription> found = broker.topics().describe(topic.name());
            if (found.isEmpty()) {
                response.addPartitions(topic.name(), topic.partitions(),
                        TxnOffsetCommitRequestPartition::partitionIndex, Errors.UNKNOWN_TOPIC_OR_PARTITION);
                continue;
            }
            for (TxnOffsetCommitRequestPartition partition : topic.partitions()) {
                int index = partition.partitionIndex();
                if (!found.get().hasPartition(index)) {
                    response.addPartition(topic.name(), index, Errors.UNKNOWN_TOPIC_OR_PARTITION);
                } else {
                    offsets.put(new TopicPartition(topic.name(), index), CommittedOffset.requested(
                            partition.committedOffset(), partition.committedLeaderEpoch(),
                            partition.committedMetadata()));
                }
            }
        }
        if (offsets.isEmpty()) {
            return CompletableFuture.completedFuture(response.build());
        }
        TxnOffsetCommit commit = new TxnOffsetCommit(data.transactionalId(), data.groupId(),
                new ProducerIdAndEpoch(data.producerId(), data.producerEpoch()), data.memberId(),
                data.generationId(), Optional.ofNullable(data.groupInstanceId()), offsets);
        return KafkaErrors.call(() -> broker.groups().commitTransactionalOffsets(commit))
                .handle((errors, failure) -> {
                    if (failure != null) {
                        return commitRequest.getErrorResponse(
                                forVersion(KafkaErrors.toApiError(failure).error(), version).exception());
                    }
                    offsets.keySet().forEach(partition -> response.addPartition(partition.topic(),
                            partition.partition(), forVersion(KafkaErrors.toKafka(errors.get(partition)), version)));
                    return response.build();
                });
    }

    /** As Kafka answers clients older than the fix for KAFKA-7296, which failed on a loading coordinator. */
    private static Errors forVersion(Errors error, short version) {
        return error == Errors.COORDINATOR_LOAD_IN_PROGRESS && version < LOADING_RETRIED_SINCE
                ? Errors.COORDINATOR_NOT_AVAILABLE : error;
    }
}
