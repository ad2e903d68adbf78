package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.Topics;
import dev.ferry.services.group.ConsumerGroupDescription;
import dev.ferry.services.group.Groups;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.Member;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ConsumerGroupDescribeRequest;
import org.apache.kafka.common.requests.ConsumerGroupDescribeResponse;

/**
 * ConsumerGroupDescribe: consumer-protocol groups with their members' current and target assignments. Any other
 * group is GROUP_ID_NOT_FOUND with Kafka's message, which is what sends AdminClient's describeConsumerGroups on to
 * DescribeGroups for classic groups. Authorized operations are left at Kafka's "not requested".
 *
 * <p>Each group is described on its own, the response keeping the request's order: a group the coordinator cannot
 * serve answers that error alone, as the whole request's failure would answer it.
 */
final class ConsumerGroupDescribeApi implements KafkaApi {

    /** KIP-1099's member type of a member that speaks the consumer protocol; all of a consumer group's do. */
    private static final byte CONSUMER_MEMBER = 1;

    private final BrokerServices broker;

    ConsumerGroupDescribeApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CONSUMER_GROUP_DESCRIBE;
    }

    @Override
    public short maxVersion() {
        return 1;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        ConsumerGroupDescribeRequestData data = ((ConsumerGroupDescribeRequest) request).data();
        List<CompletableFuture<DescribedGroup>> groups = data.groupIds().stream()
                .map(groupId -> KafkaErrors.call(() -> describe(groupId))
                        .exceptionally(failure -> new DescribedGroup()
                                .setGroupId(groupId)
                                .setErrorCode(KafkaErrors.toApiError(failure).error().code())))
                .toList();
        return InOrder.all(groups).thenApply(described -> new ConsumerGroupDescribeResponse(
                new ConsumerGroupDescribeResponseData().setThrottleTimeMs(0).setGroups(described)));
    }

    private CompletableFuture<DescribedGroup> describe(String groupId) {
        if (groupId.isEmpty()) {
            return CompletableFuture.completedFuture(
                    new DescribedGroup().setGroupId(groupId).setErrorCode(Errors.INVALID_GROUP_ID.code()));
        }
        Groups groups = broker.groups();
        return groups.describeConsumerGroup(groupId).thenCompose(found -> {
            if (found.isPresent()) {
                return CompletableFuture.completedFuture(described(found.get()));
            }
            return groups.describeClassicGroup(groupId).thenApply(classicGroup -> new DescribedGroup()
                    .setGroupId(groupId)
                    .setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                    .setErrorMessage(classicGroup.isPresent()
                            ? "Group " + groupId + " is not a consumer group."
                            : "Group " + groupId + " not found."));
        });
    }

    private DescribedGroup described(ConsumerGroupDescription group) {
        Topics topics = broker.topics();
        Function<String, Optional<Uuid>> ids = name -> TopicIds.id(topics, name);
        List<Member> members = group.members().stream()
                .map(member -> new Member()
                        .setMemberId(member.memberId())
                        .setInstanceId(member.groupInstanceId().orElse(null))
                        .setRackId(member.rackId().orElse(null))
                        .setMemberEpoch(member.memberEpoch())
                        .setClientId(member.clientId())
                        .setClientHost(member.clientHost())
                        .setSubscribedTopicNames(member.subscribedTopicNames())
                        .setSubscribedTopicRegex(member.subscribedTopicRegex().orElse(null))
                        .setAssignment(ConsumerAssignments.toDescribe(member.assignment(), ids))
                        .setTargetAssignment(ConsumerAssignments.toDescribe(member.targetAssignment(), ids))
                        .setMemberType(CONSUMER_MEMBER))
                .toList();
        return new DescribedGroup()
                .setErrorCode(Errors.NONE.code())
                .setGroupId(group.groupId())
                .setGroupState(group.state())
                .setGroupEpoch(group.groupEpoch())
                .setAssignmentEpoch(group.assignmentEpoch())
                .setAssignorName(group.assignorName())
                .setMembers(members);
    }
}
