package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionReplica;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kafka-reassign-partitions} moving a partition's log to another log directory, as a user runs it. */
class ReassignPartitionsCliIT {

    private static final String REASSIGN_PARTITIONS = "org.apache.kafka.tools.reassign.ReassignPartitionsCommand";
    private static final int NODE = 1;

    @TempDir
    Path temp;

    @Test
    void aReassignmentWithLogDirsMovesTheLogAndVerifiesComplete() throws Exception {
        Path first = temp.resolve("first");
        Path second = temp.resolve("second");
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), BrokerProcess.writeConfig(temp,
                first, "node.id = " + NODE, "log.dirs = \"" + first + "," + second + "\""));
             Admin admin = Admin.create(broker.clientProperties())) {
            // Given
            admin.createTopics(List.of(new NewTopic("relocated", 1, (short) 1))).all().get();
            PartitionWriter.produce(broker, "relocated", 0, 200);
            TopicPartitionReplica replica = new TopicPartitionReplica("relocated", 0, NODE);
            Path from = Path.of(admin.describeReplicaLogDirs(List.of(replica)).all().get().get(replica)
                    .getCurrentReplicaLogDir());
            Path to = from.equals(first) ? second : first;
            Path plan = Files.writeString(temp.resolve("plan.json"), "{\"version\":1,\"partitions\":[{\"topic\":"
                    + "\"relocated\",\"partition\":0,\"replicas\":[" + NODE + "],\"log_dirs\":[\"" + to + "\"]}]}");
            String server = broker.bootstrapServers();

            // When
            String executed = KafkaCli.run(REASSIGN_PARTITIONS, "--bootstrap-server", server, "--execute",
                    "--reassignment-json-file", plan.toString());
            Await.until(() -> "the log still in " + from, () -> to.toString().equals(admin.describeReplicaLogDirs(
                    List.of(replica)).all().get().get(replica).getCurrentReplicaLogDir()));
            String verified = KafkaCli.run(REASSIGN_PARTITIONS, "--bootstrap-server", server, "--verify",
                    "--reassignment-json-file", plan.toString());

            // Then
            assertTrue(executed.contains("Successfully started partition reassignment for relocated-0"), executed);
            assertTrue(executed.contains("Successfully started moving log directory to " + to
                    + " for replica relocated-0 with broker " + NODE), executed);
            assertTrue(verified.contains("Reassignment of partition relocated-0 is completed."), verified);
            assertTrue(verified.contains("Reassignment of replica relocated-0-" + NODE + " completed successfully."),
                    verified);
            assertEquals(200, admin.listOffsets(Map.of(new TopicPartition("relocated", 0), OffsetSpec.latest()))
                    .all().get().get(new TopicPartition("relocated", 0)).offset());
            assertEquals(0, broker.stop());
        }
    }
}
