package dev.ferry.services.group;

import dev.ferry.spi.TopicPartition;
import java.util.List;
import java.util.Optional;

/**
 * A consumer-protocol group as ConsumerGroupDescribe shows it.
 *
 * @param state as in {@link GroupListing#state()}
 * @param groupEpoch bumped by every change of members or subscriptions
 * @param assignmentEpoch the group epoch the target assignment was computed for
 * @param assignorName the assignor that computed the target assignment
 */
public record ConsumerGroupDescription(String groupId, String state, int groupEpoch, int assignmentEpoch,
                                       String assignorName, List<Member> members) {

    public ConsumerGroupDescription {
        members = List.copyOf(members);
    }

    /**
     * @param assignment what the member owns now
     * @param targetAssignment what the member will own once reconciled
     */
    public record Member(String memberId, Optional<String> groupInstanceId, Optional<String> rackId,
                         int memberEpoch, String clientId, String clientHost, List<String> subscribedTopicNames,
                         Optional<String> subscribedTopicRegex, List<TopicPartition> assignment,
                         List<TopicPartition> targetAssignment) {
    }
}
