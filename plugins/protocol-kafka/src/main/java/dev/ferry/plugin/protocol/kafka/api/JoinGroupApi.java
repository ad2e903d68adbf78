package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.group.GroupProtocol;
import dev.ferry.services.group.JoinGroup;
import dev.ferry.services.group.JoinGroupResult;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JoinGroup: a classic member joins its group; the answer waits for the rebalance. A v0 request's rebalance timeout
 * is its session timeout (the request class sees to that).
 */
final class JoinGroupApi implements KafkaApi {

    private static final Logger log = LoggerFactory.getLogger(JoinGroupApi.class);

    private final BrokerServices broker;

    JoinGroupApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.JOIN_GROUP;
    }

    /**
     * v9 lets a static leader that rejoins a stable group skip the assignment (KIP-814, SkipAssignment). The
     * broker's Groups can neither be told that the client supports skipping nor say that it may skip, so it
     * rebalances as it must for a v8 client.
     */
    @Override
    public short maxVersion() {
        return 8;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        JoinGroupRequestData data = ((JoinGroupRequest) request).data();
        short version = context.apiVersion();
        if (log.isDebugEnabled()) {
            log.debug("Member '{}' of {} joins group {}: {}", data.memberId(), context.clientHost(), data.groupId(),
                    JoinGroupRequest.joinReason(data));
        }
        List<GroupProtocol> protocols = data.protocols().stream()
                .map(protocol -> new GroupProtocol(protocol.name(), protocol.metadata()))
                .toList();
        JoinGroup join = new JoinGroup(data.groupId(), data.memberId(), Optional.ofNullable(data.groupInstanceId()),
                data.protocolType(), protocols, data.sessionTimeoutMs(), data.rebalanceTimeoutMs(),
                context.clientId(), context.clientHost(), JoinGroupRequest.requiresKnownMemberId(data, version));
        return broker.groups().joinGroup(join).thenApply(result -> response(result, version));
    }

    private static AbstractResponse response(JoinGroupResult result, short version) {
        List<JoinGroupResponseMember> members = result.members().stream()
                .map(member -> new JoinGroupResponseMember()
                        .setMemberId(member.memberId())
                        .setGroupInstanceId(member.groupInstanceId().orElse(null))
                        .setMetadata(member.metadata()))
                .toList();
        // Below v7 the protocol name is not nullable: the response class turns null into "".
        return new JoinGroupResponse(new JoinGroupResponseData()
                .setThrottleTimeMs(0)
                .setErrorCode(KafkaErrors.toKafka(result.error()).code())
                .setGenerationId(result.generationId())
                .setProtocolType(result.protocolType().orElse(null))
                .setProtocolName(result.protocolName().orElse(null))
                .setLeader(result.leaderId())
                .setMemberId(result.memberId())
                .setMembers(members), version);
    }
}
