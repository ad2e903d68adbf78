package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.group.CommittedOffset;
import dev.ferry.services.group.GroupOffsets;
import dev.ferry.services.group.Groups;
import dev.ferry.services.group.OffsetFetch;
import dev.ferry.spi.TopicPartition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OffsetFetch over groups that committed {@code orders-0} and {@code orders-1}, with offsets of {@code orders-1}
 * pending in an open transaction; the test answers some groups' reads itself, when it chooses.
 */
class OffsetFetchApiTest {

    private static final TopicPartition PENDING = new TopicPartition("orders", 1);
    private static final Map<TopicPartition, CommittedOffset> COMMITTED = Map.of(
            new TopicPartition("orders", 0), new CommittedOffset(10, 0, "", 1),
            PENDING, new CommittedOffset(20, 0, "", 1));

    private final Map<String, CompletableFuture<GroupOffsets>> heldReads = new HashMap<>();
    private final OffsetFetchApi api = new OffsetFetchApi(Fakes.broker(Fakes.topics(Map.of("orders", 3)),
            Fakes.of(Groups.class, new Object() {
                CompletableFuture<GroupOffsets> committedOffsets(OffsetFetch query) {
                    if (heldReads.containsKey(query.groupId())) {
                        return heldReads.get(query.groupId());
                    }
                    List<TopicPartition> asked = query.partitions().orElse(List.copyOf(COMMITTED.keySet()));
                    return CompletableFuture.completedFuture(new GroupOffsets(COMMITTED.entrySet().stream()
                            .filter(entry -> asked.contains(entry.getKey()))
                            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), Set.of(PENDING)));
                }
            })));

    @ParameterizedTest(name = "topics {0}")
    @ValueSource(booleans = {true, false})
    void onlyThePartitionWithPendingOffsetsIsUnstable(boolean askForTopics) {
        // Given
        OffsetFetchRequestGroup group = new OffsetFetchRequestGroup().setGroupId("billing")
                .setTopics(askForTopics ? List.of(new OffsetFetchRequestTopics().setName("orders")
                        .setPartitionIndexes(List.of(0, 1, 2))) : null);

        // When
        OffsetFetchResponse response = (OffsetFetchResponse) Fakes.serve(api, new OffsetFetchRequestData()
                .setRequireStable(true).setGroups(List.of(group)), (short) 8);

        // Then
        Map<Integer, OffsetFetchResponsePartitions> partitions = response.data().groups().get(0).topics().get(0)
                .partitions().stream()
                .collect(Collectors.toMap(OffsetFetchResponsePartitions::partitionIndex, partition -> partition));
        assertEquals(10, partitions.get(0).committedOffset());
        assertEquals(Errors.NONE.code(), partitions.get(0).errorCode());
        assertEquals(Errors.UNSTABLE_OFFSET_COMMIT.code(), partitions.get(1).errorCode());
        assertEquals(-1, partitions.get(1).committedOffset());
        assertEquals(askForTopics ? 3 : 2, partitions.size());
    }

    @Test
    void groupsReadInAnyOrderAreAnsweredInTheRequestsOrderEachWithItsOwnError() {
        // Given: three groups, whose reads complete last to first, the first one failing
        List.of("audit", "billing", "payments").forEach(group -> heldReads.put(group, new CompletableFuture<>()));
        CompletableFuture<AbstractResponse> answer = Fakes.handle(api, new OffsetFetchRequestData().setGroups(
                Stream.of("audit", "billing", "payments").map(group -> new OffsetFetchRequestGroup()
                        .setGroupId(group)
                        .setTopics(List.of(new OffsetFetchRequestTopics().setName("orders")
                                .setPartitionIndexes(List.of(0))))).toList()), (short) 8);

        // When
        heldReads.get("payments").complete(new GroupOffsets(Map.of(new TopicPartition("orders", 0),
                new CommittedOffset(30, 0, "", 1)), Set.of()));
        heldReads.get("audit").completeExceptionally(new BrokerException(BrokerError.STALE_MEMBER_EPOCH, "stale"));
        boolean answeredEarly = answer.isDone();
        heldReads.get("billing").complete(new GroupOffsets(Map.of(), Set.of()));

        // Then
        assertFalse(answeredEarly);
        List<OffsetFetchResponseGroup> groups = ((OffsetFetchResponse) answer.join()).data().groups();
        assertEquals(List.of("audit", "billing", "payments"),
                groups.stream().map(OffsetFetchResponseGroup::groupId).toList());
        assertEquals(Errors.STALE_MEMBER_EPOCH.code(), groups.get(0).errorCode());
        assertEquals(Errors.NONE.code(), groups.get(1).errorCode());
        assertEquals(-1, groups.get(1).topics().get(0).partitions().get(0).committedOffset());
        assertEquals(30, groups.get(2).topics().get(0).partitions().get(0).committedOffset());
    }
}
