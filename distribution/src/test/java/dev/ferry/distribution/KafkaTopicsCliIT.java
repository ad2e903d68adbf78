package dev.ferry.distribution;

import static dev.ferry.distribution.KafkaCli.TOPICS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kafka-topics} as a user runs it: create, list, describe, alter the partition count, delete. */
class KafkaTopicsCliIT {


    @TempDir
    Path temp;

    @Test
    void createsListsDescribesGrowsAndDeletesATopic() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(),
                BrokerProcess.writeConfig(temp, temp.resolve("data"), "node.id = 2"))) {
            String server = broker.bootstrapServers();

            // When, then
            String created = KafkaCli.run(TOPICS, "--bootstrap-server", server, "--create", "--topic", "orders",
                    "--partitions", "2", "--replication-factor", "1", "--config", "retention.ms=3600000");
            assertTrue(created.contains("Created topic orders."), created);

            assertTrue(KafkaCli.run(TOPICS, "--bootstrap-server", server, "--list").lines()
                    .anyMatch("orders"::equals));

            String described = KafkaCli.run(TOPICS, "--bootstrap-server", server, "--describe", "--topic", "orders");
            assertTrue(described.contains("Topic: orders\tTopicId: "), described);
            assertTrue(described.contains("PartitionCount: 2\tReplicationFactor: 1"), described);
            assertTrue(described.contains("retention.ms=3600000"), described);
            assertEquals(List.of("Topic: orders\tPartition: 0\tLeader: 2\tReplicas: 2\tIsr: 2",
                    "Topic: orders\tPartition: 1\tLeader: 2\tReplicas: 2\tIsr: 2"), partitionLines(described));

            KafkaCli.run(TOPICS, "--bootstrap-server", server, "--alter", "--topic", "orders", "--partitions", "3");
            String grown = KafkaCli.run(TOPICS, "--bootstrap-server", server, "--describe", "--topic", "orders");
            assertTrue(grown.contains("PartitionCount: 3"), grown);
            assertEquals(3, partitionLines(grown).size(), grown);

            KafkaCli.run(TOPICS, "--bootstrap-server", server, "--delete", "--topic", "orders");
            assertFalse(KafkaCli.run(TOPICS, "--bootstrap-server", server, "--list").lines()
                    .anyMatch("orders"::equals));
            assertEquals(0, broker.stop());
        }
    }

    /** The per-partition lines of {@code --describe}, without the eligible leader replica columns. */
    private static List<String> partitionLines(String described) {
        return described.lines().map(String::trim).filter(line -> line.contains("\tPartition: "))
                .map(line -> line.replaceAll("\tElr:.*", ""))
                .toList();
    }
}
