package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.group.ClassicGroupDescription;
import dev.ferry.services.group.Groups;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroupMember;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;

/**
 * DescribeGroups: classic groups, and groups that only hold offsets, which Kafka describes as empty classic groups.
 * A group that is not a classic group is described as Kafka 4.1 does: from v6 (KIP-1043) with GROUP_ID_NOT_FOUND
 * and a message saying whether it is unknown or a consumer-protocol group, before v6 as a Dead group without an
 * error. AdminClient's describeConsumerGroups asks ConsumerGroupDescribe first and comes here for the groups that
 * answers GROUP_ID_NOT_FOUND.
 *
 * <p>Each group is described on its own, the response keeping the request's order: a group the coordinator cannot
 * serve answers that error alone, as the whole request's failure would answer it.
 *
 * <p>Authorized operations are left out (Kafka's "not requested"), as ConsumerGroupDescribe leaves them.
 */
final class DescribeGroupsApi implements KafkaApi {

    private static final short GROUP_ID_NOT_FOUND_VERSION = 6;
    private static final String DEAD = "Dead";

    private final BrokerServices broker;

    DescribeGroupsApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_GROUPS;
    }

    @Override
    public short maxVersion() {
        return 6;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        short version = context.apiVersion();
        List<CompletableFuture<DescribedGroup>> groups = ((DescribeGroupsRequest) request).data().groups().stream()
                .map(groupId -> KafkaErrors.call(() -> describe(groupId, version))
                        .exceptionally(failure -> DescribeGroupsResponse.groupError(groupId,
                                KafkaErrors.toApiError(failure).error())))
                .toList();
        return InOrder.all(groups).thenApply(described -> new DescribeGroupsResponse(new DescribeGroupsResponseData()
                .setThrottleTimeMs(0)
                .setGroups(described)));
    }

    private CompletableFuture<DescribedGroup> describe(String groupId, short version) {
        Groups groups = broker.groups();
        return groups.describeClassicGroup(groupId).thenCompose(found -> {
            if (found.isPresent()) {
                return CompletableFuture.completedFuture(described(found.get()));
            }
            DescribedGroup dead = new DescribedGroup().setGroupId(groupId).setGroupState(DEAD);
            if (version < GROUP_ID_NOT_FOUND_VERSION) {
                return CompletableFuture.completedFuture(dead);
            }
            return groups.describeConsumerGroup(groupId).thenApply(consumerGroup -> dead
                    .setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                    .setErrorMessage(consumerGroup.isPresent()
                            ? "Group " + groupId + " is not a classic group."
                            : "Group " + groupId + " not found."));
        });
    }

    private static DescribedGroup described(ClassicGroupDescription group) {
        List<DescribedGroupMember> members = group.members().stream()
                .map(member -> new DescribedGroupMember()
                        .setMemberId(member.memberId())
                        .setGroupInstanceId(member.groupInstanceId().orElse(null))
                        .setClientId(member.clientId())
                        .setClientHost(member.clientHost())
                        .setMemberMetadata(member.metadata())
                        .setMemberAssignment(member.assignment()))
                .toList();
        return new DescribedGroup()
                .setErrorCode(Errors.NONE.code())
                .setGroupId(group.groupId())
                .setGroupState(group.state())
                .setProtocolType(group.protocolType())
                .setProtocolData(group.protocolName())
                .setMembers(members);
    }
}
