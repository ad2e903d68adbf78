package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.Topics;
import dev.ferry.services.group.ConsumerGroupHeartbeat;
import dev.ferry.services.group.ConsumerGroupHeartbeatResult;
import dev.ferry.spi.TopicPartition;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;

/**
 * ConsumerGroupHeartbeat (KIP-848): joins, leaves and heartbeats of consumer-protocol members. The wire names
 * topics by id, the broker by name (see {@link ConsumerAssignments}). A v0 member joins without a member id and
 * is given one here, as Kafka gives it; from v1 the client generates its own (KIP-1082).
 */
final class ConsumerGroupHeartbeatApi implements KafkaApi {

    private final BrokerServices broker;

    ConsumerGroupHeartbeatApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CONSUMER_GROUP_HEARTBEAT;
    }

    @Override
    public short maxVersion() {
        return 1;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        ConsumerGroupHeartbeatRequestData data = ((ConsumerGroupHeartbeatRequest) request).data();
        Topics topics = broker.topics();
        Optional<List<TopicPartition>> owned = Optional.ofNullable(data.topicPartitions())
                .map(partitions -> ConsumerAssignments.owned(partitions, id -> TopicIds.name(topics, id)));
        ConsumerGroupHeartbeat heartbeat = new ConsumerGroupHeartbeat(data.groupId(),
                memberId(data, context.apiVersion()), data.memberEpoch(), Optional.ofNullable(data.instanceId()),
                Optional.ofNullable(data.rackId()), data.rebalanceTimeoutMs(), context.clientId(),
                context.clientHost(), Optional.ofNullable(data.subscribedTopicNames()),
                Optional.ofNullable(data.subscribedTopicRegex()), Optional.ofNullable(data.serverAssignor()), owned);
        return broker.groups().consumerGroupHeartbeat(heartbeat).thenApply(result -> response(result, topics));
    }

    /** The member's id; a new one for a v0 member that joins without one. */
    static String memberId(ConsumerGroupHeartbeatRequestData data, short version) {
        boolean clientGenerates =
                version >= ConsumerGroupHeartbeatRequest.CONSUMER_GENERATED_MEMBER_ID_REQUIRED_VERSION;
        if (!clientGenerates && data.memberEpoch() == 0 && data.memberId().isEmpty()) {
            return Uuid.randomUuid().toString();
        }
        return data.memberId();
    }

    /** On an error only the error is sent, as Kafka sends it. */
    private static AbstractResponse response(ConsumerGroupHeartbeatResult result, Topics topics) {
        ConsumerGroupHeartbeatResponseData data = new ConsumerGroupHeartbeatResponseData()
                .setThrottleTimeMs(0)
                .setErrorCode(KafkaErrors.toKafka(result.error()).code())
                .setErrorMessage(result.errorMessage().orElse(null));
        if (result.error() == BrokerError.NONE) {
            data.setMemberId(result.memberId())
                    .setMemberEpoch(result.memberEpoch())
                    .setHeartbeatIntervalMs(result.heartbeatIntervalMs())
                    .setAssignment(result.assignment()
                            .map(assignment -> ConsumerAssignments.toHeartbeat(assignment,
                                    name -> TopicIds.id(topics, name)))
                            .orElse(null));
        }
        return new ConsumerGroupHeartbeatResponse(data);
    }
}
