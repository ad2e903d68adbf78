package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.group.ClassicGroupDescription;
import dev.ferry.services.group.ConsumerGroupDescription;
import dev.ferry.services.group.Groups;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ConsumerGroupDescribeResponse;
import org.junit.jupiter.api.Test;

/**
 * ConsumerGroupDescribe over a coordinator that answers for consumer-protocol groups when the test chooses, and
 * knows one classic group, {@code billing}.
 */
class ConsumerGroupDescribeApiTest {

    private final Map<String, CompletableFuture<Optional<ConsumerGroupDescription>>> consumerGroups =
            new HashMap<>();
    private final ConsumerGroupDescribeApi api = new ConsumerGroupDescribeApi(Fakes.broker(
            Fakes.of(Groups.class, new Object() {
                CompletableFuture<Optional<ConsumerGroupDescription>> describeConsumerGroup(String groupId) {
                    return consumerGroups.computeIfAbsent(groupId, id -> new CompletableFuture<>());
                }

                CompletableFuture<Optional<ClassicGroupDescription>> describeClassicGroup(String groupId) {
                    return CompletableFuture.completedFuture(groupId.equals("billing")
                            ? Optional.of(new ClassicGroupDescription(groupId, "Empty", "", "", List.of()))
                            : Optional.empty());
                }
            })));

    @Test
    void groupsAreAnsweredInTheRequestsOrderEachWithItsOwnError() {
        // Given
        CompletableFuture<AbstractResponse> answer = Fakes.handle(api, new ConsumerGroupDescribeRequestData()
                .setGroupIds(List.of("orders", "", "billing", "gone")), (short) 1);

        // When: answered last to first, the first one failing
        consumerGroups.get("gone").complete(Optional.empty());
        consumerGroups.get("billing").complete(Optional.empty());
        boolean answeredEarly = answer.isDone();
        consumerGroups.get("orders").completeExceptionally(
                new BrokerException(BrokerError.COORDINATOR_LOAD_IN_PROGRESS, "loading"));

        // Then
        assertFalse(answeredEarly);
        List<DescribedGroup> groups = ((ConsumerGroupDescribeResponse) answer.join()).data().groups();
        assertEquals(List.of("orders", "", "billing", "gone"), groups.stream().map(DescribedGroup::groupId).toList());
        assertEquals(List.of(Errors.COORDINATOR_LOAD_IN_PROGRESS.code(), Errors.INVALID_GROUP_ID.code(),
                Errors.GROUP_ID_NOT_FOUND.code(), Errors.GROUP_ID_NOT_FOUND.code()),
                groups.stream().map(DescribedGroup::errorCode).toList());
        assertEquals("Group billing is not a consumer group.", groups.get(2).errorMessage());
        assertEquals("Group gone not found.", groups.get(3).errorMessage());
    }
}
