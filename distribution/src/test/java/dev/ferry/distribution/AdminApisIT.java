package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeReplicaLogDirsResult.ReplicaLogDirInfo;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.TopicPartitionReplica;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin APIs a single broker answers, driven by the real AdminClient against the distribution. */
class AdminApisIT {

    @RegisterExtension
    static final SharedBroker SHARED = SharedBroker.withConfig("node.id = 3");

    private static BrokerProcess broker;
    private static Admin admin;

    @BeforeAll
    static void useSharedBroker() {
        broker = SHARED.broker();
        admin = SHARED.admin();
    }

    @Test
    void createPartitionsGrowsATopicAndRefusesWhatASingleBrokerCannotDo() throws Exception {
        // Given
        admin.createTopics(List.of(new NewTopic("grown", 1, (short) 1))).all().get();

        // When
        admin.createPartitions(Map.of("grown", NewPartitions.increaseTo(2)),
                new CreatePartitionsOptions().validateOnly(true)).all().get();
        admin.createPartitions(Map.of("grown", NewPartitions.increaseTo(3, List.of(List.of(3), List.of(3)))))
                .all().get();

        // Then
        assertEquals(3, describe("grown").partitions().size());
        PartitionWriter.produce(broker, "grown", 2, 1);
        assertFailsWith(InvalidPartitionsException.class,
                admin.createPartitions(Map.of("grown", NewPartitions.increaseTo(2))).all());
        assertFailsWith(InvalidPartitionsException.class,
                admin.createPartitions(Map.of("grown", NewPartitions.increaseTo(3))).all());
        assertFailsWith(InvalidReplicaAssignmentException.class, admin.createPartitions(
                Map.of("grown", NewPartitions.increaseTo(4, List.of(List.of(1))))).all());
        assertFailsWith(InvalidReplicaAssignmentException.class, admin.createPartitions(
                Map.of("grown", NewPartitions.increaseTo(5, List.of(List.of(3))))).all());
        assertFailsWith(UnknownTopicOrPartitionException.class,
                admin.createPartitions(Map.of("missing", NewPartitions.increaseTo(2))).all());
        assertEquals(3, describe("grown").partitions().size());
    }

    @Test
    void describeClusterShowsThisBrokerAsTheWholeCluster() throws Exception {
        // When
        DescribeClusterResult plain = admin.describeCluster();
        DescribeClusterResult withOperations = admin.describeCluster(
                new DescribeClusterOptions().includeAuthorizedOperations(true));

        // Then
        Node self = new Node(3, "127.0.0.1", broker.port());
        assertEquals(List.of(self), List.copyOf(plain.nodes().get()));
        assertEquals(self, plain.controller().get());
        assertEquals(22, plain.clusterId().get().length());
        assertNull(plain.authorizedOperations().get());
        assertTrue(withOperations.authorizedOperations().get().containsAll(
                Set.of(AclOperation.DESCRIBE, AclOperation.ALTER, AclOperation.CREATE)));
    }

    @Test
    void logDirectoriesShowPartitionSizesThatGrowWithProducedRecords() throws Exception {
        // Given
        admin.createTopics(List.of(new NewTopic("sized", 2, (short) 1))).all().get();
        TopicPartition partition = new TopicPartition("sized", 0);
        assertEquals(0, sizeOf(partition));

        // When
        PartitionWriter.produce(broker, "sized", 0, 100);

        // Then
        long size = sizeOf(partition);
        assertTrue(size > 100 * 12, "100 records of at least 12 bytes each, but " + size + " bytes");
        LogDirDescription directory = logDirectory();
        assertEquals(0, directory.replicaInfos().get(new TopicPartition("sized", 1)).size());
        assertEquals(0, directory.replicaInfos().get(partition).offsetLag());
        assertTrue(directory.totalBytes().orElseThrow() >= directory.usableBytes().orElseThrow());
        assertTrue(directory.usableBytes().orElseThrow() > 0);
    }

    @Test
    void electLeadersFindsNoElectionNeededOnASingleBroker() throws Exception {
        // Given
        admin.createTopics(List.of(new NewTopic("elected", 2, (short) 1))).all().get();
        TopicPartition existing = new TopicPartition("elected", 1);
        TopicPartition missingPartition = new TopicPartition("elected", 5);
        TopicPartition missingTopic = new TopicPartition("nowhere", 0);

        // When
        Map<TopicPartition, Optional<Throwable>> named = admin.electLeaders(ElectionType.PREFERRED,
                Set.of(existing, missingPartition, missingTopic)).partitions().get();
        Map<TopicPartition, Optional<Throwable>> all = admin.electLeaders(ElectionType.PREFERRED, null)
                .partitions().get();

        // Then
        assertInstanceOf(ElectionNotNeededException.class, named.get(existing).orElseThrow());
        assertInstanceOf(UnknownTopicOrPartitionException.class, named.get(missingPartition).orElseThrow());
        assertInstanceOf(UnknownTopicOrPartitionException.class, named.get(missingTopic).orElseThrow());
        assertEquals(Map.of(), all, "Kafka leaves partitions already on their preferred leader out");
    }

    @Test
    void describeProducersFindsTheIdempotentProducerThatWroteAPartition() throws Exception {
        // Given
        admin.createTopics(List.of(new NewTopic("produced", 1, (short) 1))).all().get();
        PartitionWriter.produce(broker, "produced", 0, 3);
        TopicPartition partition = new TopicPartition("produced", 0);

        // When
        List<ProducerState> producers = admin.describeProducers(List.of(partition)).partitionResult(partition).get()
                .activeProducers();

        // Then
        assertEquals(1, producers.size(), producers::toString);
        assertEquals(2, producers.get(0).lastSequence());
        assertTrue(producers.get(0).currentTransactionStartOffset().isEmpty());
    }

    @Test
    void describeTopicsByNameAndByIdPagesThroughPartitions() throws Exception {
        // Given
        admin.createTopics(List.of(new NewTopic("described", 5, (short) 1))).all().get();
        Uuid id = admin.createTopics(List.of(new NewTopic("other", 1, (short) 1))).topicId("other").get();

        // When: two partitions a response, so the client follows the cursor
        Map<String, TopicDescription> byName = admin.describeTopics(List.of("described", "other"),
                new DescribeTopicsOptions().partitionSizeLimitPerResponse(2).includeAuthorizedOperations(true))
                .allTopicNames().get();
        Map<Uuid, TopicDescription> byId = admin.describeTopics(TopicCollection.ofTopicIds(List.of(id)))
                .allTopicIds().get();

        // Then
        TopicDescription described = byName.get("described");
        assertEquals(List.of(0, 1, 2, 3, 4),
                described.partitions().stream().map(TopicPartitionInfo::partition).toList());
        Node self = new Node(3, "127.0.0.1", broker.port());
        for (TopicPartitionInfo partition : described.partitions()) {
            assertEquals(self, partition.leader());
            assertEquals(List.of(self), partition.replicas());
            assertEquals(List.of(self), partition.isr());
            assertEquals(List.of(), partition.elr());
        }
        assertNotEquals(Uuid.ZERO_UUID, described.topicId());
        assertTrue(described.authorizedOperations().contains(AclOperation.READ));
        assertEquals(id, byName.get("other").topicId());
        assertEquals("other", byId.get(id).name());
        assertFailsWith(UnknownTopicOrPartitionException.class,
                admin.describeTopics(List.of("missing")).allTopicNames());
        assertFailsWith(UnknownTopicIdException.class,
                admin.describeTopics(TopicCollection.ofTopicIds(List.of(Uuid.randomUuid()))).allTopicIds());
    }

    @Test
    void aSingleBrokerHasNoReassignmentsAndNoAuthorizer() throws Exception {
        assertEquals(Map.of(), admin.listPartitionReassignments().reassignments().get());
        assertFailsWith(SecurityDisabledException.class, admin.describeAcls(AclBindingFilter.ANY).values());
        assertFailsWith(SecurityDisabledException.class, admin.deleteAcls(List.of(AclBindingFilter.ANY)).all());
    }

    private static TopicDescription describe(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    }

    /** The partition's size as DescribeLogDirs reports it, after checking where DescribeReplicaLogDirs puts it. */
    private static long sizeOf(TopicPartition partition) throws Exception {
        TopicPartitionReplica replica = new TopicPartitionReplica(partition.topic(), partition.partition(), 3);
        ReplicaLogDirInfo where = admin.describeReplicaLogDirs(List.of(replica)).all().get().get(replica);
        assertEquals(SHARED.directory().resolve("data").toString(), where.getCurrentReplicaLogDir());
        assertEquals(0, where.getCurrentReplicaOffsetLag());
        assertNull(where.getFutureReplicaLogDir());
        return logDirectory().replicaInfos().get(partition).size();
    }

    private static LogDirDescription logDirectory() throws Exception {
        Map<String, LogDirDescription> directories = admin.describeLogDirs(List.of(3)).allDescriptions().get().get(3);
        assertEquals(Set.of(SHARED.directory().resolve("data").toString()), directories.keySet());
        return directories.get(SHARED.directory().resolve("data").toString());
    }

    private static void assertFailsWith(Class<? extends Throwable> expected, Future<?> result) {
        ExecutionException failure = assertThrows(ExecutionException.class, result::get);
        assertInstanceOf(expected, failure.getCause(), failure.toString());
    }
}
