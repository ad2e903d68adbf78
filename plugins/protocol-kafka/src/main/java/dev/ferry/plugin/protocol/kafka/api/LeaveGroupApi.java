package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.group.LeaveGroupResult;
import dev.ferry.services.group.LeavingMember;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LeaveGroup: one member (v0-2) or several at once (v3+, with an error for each). For v0-2 the response class folds
 * the member's error into the response's.
 */
final class LeaveGroupApi implements KafkaApi {

    private static final Logger log = LoggerFactory.getLogger(LeaveGroupApi.class);

    private final BrokerServices broker;

    LeaveGroupApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LEAVE_GROUP;
    }

    @Override
    public short maxVersion() {
        return 5;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        LeaveGroupRequest leaveGroup = (LeaveGroupRequest) request;
        String groupId = leaveGroup.data().groupId();
        List<MemberIdentity> identities = leaveGroup.members();
        if (log.isDebugEnabled()) {
            identities.forEach(member -> log.debug("Member '{}' leaves group {}: {}", member.memberId(), groupId,
                    member.reason() == null ? "not provided" : member.reason()));
        }
        List<LeavingMember> leaving = identities.stream()
                .map(member -> new LeavingMember(member.memberId(), Optional.ofNullable(member.groupInstanceId())))
                .toList();
        short version = context.apiVersion();
        return broker.groups().leaveGroup(groupId, leaving).thenApply(result -> response(result, version));
    }

    private static AbstractResponse response(LeaveGroupResult result, short version) {
        List<MemberResponse> members = result.members().stream()
                .map(member -> new MemberResponse()
                        .setMemberId(member.memberId())
                        .setGroupInstanceId(member.groupInstanceId().orElse(null))
                        .setErrorCode(KafkaErrors.toKafka(member.error()).code()))
                .toList();
        return new LeaveGroupResponse(members, KafkaErrors.toKafka(result.error()), 0, version);
    }
}
