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
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.junit.jupiter.api.Test;

/**
 * DescribeGroups over a coordinator whose descriptions of classic groups the test gives when it chooses; no group is
 * a consumer-protocol group.
 */
class DescribeGroupsApiTest {

    private final Map<String, CompletableFuture<Optional<ClassicGroupDescription>>> classicGroups = new HashMap<>();
    private final DescribeGroupsApi api = new DescribeGroupsApi(Fakes.broker(Fakes.of(Groups.class, new Object() {
        CompletableFuture<Optional<ClassicGroupDescription>> describeClassicGroup(String groupId) {
            return classicGroups.computeIfAbsent(groupId, id -> new CompletableFuture<>());
        }

        CompletableFuture<Optional<ConsumerGroupDescription>> describeConsumerGroup(String groupId) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
    })));

    @Test
    void groupsDescribedInAnyOrderAreAnsweredInTheRequestsOrder() {
        // Given
        CompletableFuture<AbstractResponse> answer = describe((short) 6, "billing", "gone", "audit");

        // When: described last to first
        classicGroups.get("audit").complete(Optional.of(stable("audit")));
        classicGroups.get("gone").complete(Optional.empty());
        boolean answeredEarly = answer.isDone();
        classicGroups.get("billing").complete(Optional.of(stable("billing")));

        // Then
        assertFalse(answeredEarly);
        List<DescribedGroup> groups = ((DescribeGroupsResponse) answer.join()).data().groups();
        assertEquals(List.of("billing", "gone", "audit"), groups.stream().map(DescribedGroup::groupId).toList());
        assertEquals("Stable", groups.get(0).groupState());
        assertEquals(Errors.GROUP_ID_NOT_FOUND.code(), groups.get(1).errorCode());
        assertEquals("Group gone not found.", groups.get(1).errorMessage());
        assertEquals("Stable", groups.get(2).groupState());
    }

    @Test
    void aGroupTheCoordinatorCannotServeAnswersItsErrorAlone() {
        // Given
        CompletableFuture<AbstractResponse> answer = describe((short) 5, "billing", "audit");

        // When
        classicGroups.get("billing").completeExceptionally(
                new BrokerException(BrokerError.COORDINATOR_LOAD_IN_PROGRESS, "loading"));
        classicGroups.get("audit").complete(Optional.of(stable("audit")));

        // Then: the failed group answers as a failure of the whole request would answer it
        List<DescribedGroup> groups = ((DescribeGroupsResponse) answer.join()).data().groups();
        assertEquals(DescribeGroupsResponse.groupError("billing", Errors.COORDINATOR_LOAD_IN_PROGRESS),
                groups.get(0));
        assertEquals(Errors.NONE.code(), groups.get(1).errorCode());
    }

    private CompletableFuture<AbstractResponse> describe(short version, String... groupIds) {
        return Fakes.handle(api, new DescribeGroupsRequestData().setGroups(List.of(groupIds)), version);
    }

    private static ClassicGroupDescription stable(String groupId) {
        return new ClassicGroupDescription(groupId, "Stable", "consumer", "range", List.of());
    }
}
