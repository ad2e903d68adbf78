package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.spi.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.junit.jupiter.api.Test;

class ConsumerAssignmentsTest {

    private static final Uuid ORDERS = Uuid.randomUuid();
    private static final Uuid PAYMENTS = Uuid.randomUuid();
    private static final Map<Uuid, String> NAMES = Map.of(ORDERS, "orders", PAYMENTS, "payments");
    private static final Map<String, Uuid> IDS = Map.of("orders", ORDERS, "payments", PAYMENTS);

    @Test
    void ownedPartitionsAreNamedAndThoseOfUnknownTopicsDropped() {
        List<ConsumerGroupHeartbeatRequestData.TopicPartitions> owned = List.of(
                new ConsumerGroupHeartbeatRequestData.TopicPartitions().setTopicId(ORDERS).setPartitions(List.of(2, 0)),
                new ConsumerGroupHeartbeatRequestData.TopicPartitions().setTopicId(Uuid.randomUuid())
                        .setPartitions(List.of(1)),
                new ConsumerGroupHeartbeatRequestData.TopicPartitions().setTopicId(PAYMENTS)
                        .setPartitions(List.of(-1, 3)));

        List<TopicPartition> partitions = ConsumerAssignments.owned(owned, id -> Optional.ofNullable(NAMES.get(id)));

        assertEquals(List.of(new TopicPartition("orders", 2), new TopicPartition("orders", 0),
                new TopicPartition("payments", 3)), partitions);
    }

    @Test
    void aHeartbeatAssignmentGivesEachTopicByIdWithItsPartitionsInOrder() {
        List<TopicPartition> assignment = List.of(new TopicPartition("payments", 1), new TopicPartition("orders", 2),
                new TopicPartition("orders", 0), new TopicPartition("deleted", 0));

        ConsumerGroupHeartbeatResponseData.Assignment wire = ConsumerAssignments.toHeartbeat(assignment,
                name -> Optional.ofNullable(IDS.get(name)));

        assertEquals(List.of(
                new ConsumerGroupHeartbeatResponseData.TopicPartitions().setTopicId(ORDERS)
                        .setPartitions(List.of(0, 2)),
                new ConsumerGroupHeartbeatResponseData.TopicPartitions().setTopicId(PAYMENTS)
                        .setPartitions(List.of(1))), wire.topicPartitions());
    }

    @Test
    void aDescribedAssignmentGivesBothTheIdAndTheNameOfEachTopic() {
        List<TopicPartition> assignment = List.of(new TopicPartition("orders", 1), new TopicPartition("deleted", 0));

        ConsumerGroupDescribeResponseData.Assignment wire = ConsumerAssignments.toDescribe(assignment,
                name -> Optional.ofNullable(IDS.get(name)));

        assertEquals(List.of(new ConsumerGroupDescribeResponseData.TopicPartitions()
                .setTopicId(ORDERS).setTopicName("orders").setPartitions(List.of(1))), wire.topicPartitions());
    }

    @Test
    void anEmptyAssignmentIsAnEmptyListOfTopics() {
        ConsumerGroupHeartbeatResponseData.Assignment wire = ConsumerAssignments.toHeartbeat(List.of(),
                name -> Optional.ofNullable(IDS.get(name)));

        assertEquals(List.of(), wire.topicPartitions());
    }
}
