package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.group.CommittedOffset;
import dev.ferry.services.group.Groups;
import dev.ferry.services.group.TxnOffsetCommit;
import dev.ferry.spi.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.TxnOffsetCommitResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TxnOffsetCommit over topic {@code orders} (2 partitions) and a group coordinator that records the commits. */
class TxnOffsetCommitApiTest {

    private final List<TxnOffsetCommit> commits = new ArrayList<>();
    private CompletableFuture<Map<TopicPartition, BrokerError>> answer =
            CompletableFuture.completedFuture(Map.of(new TopicPartition("orders", 0), BrokerError.NONE));
    private final TxnOffsetCommitApi api = new TxnOffsetCommitApi(Fakes.broker(
            Fakes.topics(Map.of("orders", 2)),
            Fakes.of(Groups.class, new Object() {
                CompletableFuture<Map<TopicPartition, BrokerError>> commitTransactionalOffsets(
                        TxnOffsetCommit commit) {
                    commits.add(commit);
                    return answer;
                }
            })));

    @Test
    void fromV3TheCommitCarriesTheConsumersGroupMetadata() {
        // When
        TxnOffsetCommitResponse response = commit((short) 3, "orders", 0);

        // Then
        assertEquals(List.of(new TxnOffsetCommit("payments", "billing", new ProducerIdAndEpoch(4000, (short) 2),
                "member-1", 5, Optional.of("instance-1"),
                Map.of(new TopicPartition("orders", 0), new CommittedOffset(42, 3, "", -1)))), commits);
        assertEquals(Map.of(new org.apache.kafka.common.TopicPartition("orders", 0), Errors.NONE),
                response.errors());
    }

    @Test
    void partitionsOfNoTopicAreAnsweredWithoutTheGroup() {
        TxnOffsetCommitResponse response = commit((short) 3, "gone", 0);

        assertEquals(List.of(), commits);
        assertEquals(Map.of(new org.apache.kafka.common.TopicPartition("gone", 0), Errors.UNKNOWN_TOPIC_OR_PARTITION),
                response.errors());
    }

    @ParameterizedTest(name = "v{0}")
    @CsvSource({"1, COORDINATOR_NOT_AVAILABLE", "2, COORDINATOR_LOAD_IN_PROGRESS"})
    void clientsOlderThanV2AreNotToldTheCoordinatorIsLoading(short version, Errors expected) {
        answer = CompletableFuture.failedFuture(new BrokerException(BrokerError.COORDINATOR_LOAD_IN_PROGRESS,
                "loading"));

        TxnOffsetCommitResponse response = commit(version, "orders", 0);

        assertEquals(Map.of(new org.apache.kafka.common.TopicPartition("orders", 0), expected), response.errors());
    }

    private TxnOffsetCommitResponse commit(short version, String topic, int partition) {
        TxnOffsetCommitRequestData data = new TxnOffsetCommitRequestData()
                .setTransactionalId("payments")
                .setGroupId("billing")
                .setProducerId(4000)
                .setProducerEpoch((short) 2)
                .setTopics(List.of(new TxnOffsetCommitRequestTopic().setName(topic).setPartitions(List.of(
                        new TxnOffsetCommitRequestPartition().setPartitionIndex(partition).setCommittedOffset(42)
                                .setCommittedLeaderEpoch(3).setCommittedMetadata(null)))));
        if (version >= 3) {
            data.setMemberId("member-1").setGenerationId(5).setGroupInstanceId("instance-1");
        }
        return (TxnOffsetCommitResponse) Fakes.serve(api, data, version);
    }
}
