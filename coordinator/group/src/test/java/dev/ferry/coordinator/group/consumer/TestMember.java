package dev.ferry.coordinator.group.consumer;

import dev.ferry.coordinator.group.GroupsTestContext;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.group.ConsumerGroupHeartbeat;
import dev.ferry.services.group.ConsumerGroupHeartbeatResult;
import dev.ferry.spi.TopicPartition;
import java.util.List;
import java.util.Optional;

/**
 * A consumer as the broker sees it: it heartbeats with its epoch and the partitions it owns, and takes an
 * assignment at once (giving up what it lost first), as the Java client does. It talks to whichever coordinator
 * the context runs now, so it carries on across a restart.
 */
final class TestMember {

    static final int REBALANCE_TIMEOUT_MS = 5_000;

    private final GroupsTestContext context;
    private final String groupId;
    private final String memberId;
    private final Optional<String> instanceId;
    private int epoch;
    private List<TopicPartition> owned = List.of();
    private List<String> topics = List.of();

    TestMember(GroupsTestContext context, String groupId, String memberId) {
        this(context, groupId, memberId, Optional.empty());
    }

    TestMember(GroupsTestContext context, String groupId, String memberId, Optional<String> instanceId) {
        this.context = context;
        this.groupId = groupId;
        this.memberId = memberId;
        this.instanceId = instanceId;
    }

    static ConsumerGroupHeartbeat join(String groupId, String memberId, List<String> topics) {
        return new ConsumerGroupHeartbeat(groupId, memberId, 0, Optional.empty(), Optional.empty(),
                REBALANCE_TIMEOUT_MS, "client", "/127.0.0.1", Optional.of(topics), Optional.empty(),
                Optional.empty(), Optional.of(List.of()));
    }

    static ConsumerGroupHeartbeat heartbeat(String groupId, String memberId, int epoch,
                                            List<TopicPartition> owned) {
        return new ConsumerGroupHeartbeat(groupId, memberId, epoch, Optional.empty(), Optional.empty(), -1,
                "client", "/127.0.0.1", Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(owned));
    }

    String memberId() {
        return memberId;
    }

    int epoch() {
        return epoch;
    }

    List<TopicPartition> owned() {
        return owned;
    }

    ConsumerGroupHeartbeatResult join(String... topics) {
        this.topics = List.of(topics);
        return take(send(withInstanceId(join(groupId, memberId, this.topics))));
    }

    ConsumerGroupHeartbeatResult joinWith(ConsumerGroupHeartbeat request) {
        return take(send(request));
    }

    ConsumerGroupHeartbeatResult heartbeat() {
        return take(send(withInstanceId(heartbeat(groupId, memberId, epoch, owned))));
    }

    /**
     * A heartbeat carrying every field, as the client sends after it found its coordinator again: it is answered
     * with the member's whole assignment.
     */
    ConsumerGroupHeartbeatResult fullHeartbeat() {
        return take(send(withInstanceId(new ConsumerGroupHeartbeat(groupId, memberId, epoch, Optional.empty(),
                Optional.empty(), REBALANCE_TIMEOUT_MS, "client", "/127.0.0.1", Optional.of(topics), Optional.empty(),
                Optional.empty(), Optional.of(owned)))));
    }

    /** A heartbeat of a member that keeps consuming the partitions it was told to give up. */
    ConsumerGroupHeartbeatResult heartbeatWithoutRevoking() {
        ConsumerGroupHeartbeatResult result = send(withInstanceId(heartbeat(groupId, memberId, epoch, owned)));
        if (result.error() == BrokerError.NONE) {
            epoch = result.memberEpoch();
        }
        return result;
    }

    ConsumerGroupHeartbeatResult leave(int leaveEpoch) {
        return send(withInstanceId(heartbeat(groupId, memberId, leaveEpoch, owned)));
    }

    private ConsumerGroupHeartbeat withInstanceId(ConsumerGroupHeartbeat request) {
        return new ConsumerGroupHeartbeat(request.groupId(), request.memberId(), request.memberEpoch(), instanceId,
                request.rackId(), request.rebalanceTimeoutMs(), request.clientId(), request.clientHost(),
                request.subscribedTopicNames(), request.subscribedTopicRegex(), request.serverAssignor(),
                request.ownedPartitions());
    }

    private ConsumerGroupHeartbeatResult send(ConsumerGroupHeartbeat request) {
        return send(context, request);
    }

    /** Sends a heartbeat, answered as a client is: a call the coordinator fails gets its error. */
    static ConsumerGroupHeartbeatResult send(GroupsTestContext context, ConsumerGroupHeartbeat request) {
        return GroupsTestContext.done(GroupsTestContext.answered(context.groups().consumerGroupHeartbeat(request),
                error -> ConsumerGroupHeartbeatResult.failed(error, error.toString())));
    }

    private ConsumerGroupHeartbeatResult take(ConsumerGroupHeartbeatResult result) {
        if (result.error() == BrokerError.NONE) {
            epoch = result.memberEpoch();
            result.assignment().ifPresent(assignment -> owned = assignment);
        }
        return result;
    }
}
