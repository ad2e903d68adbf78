package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example assignor plugin dropped into a copy of the distribution: a group that asks for it gets each rack an
 * equal share of the partitions, however many members the rack has.
 */
class AssignorPluginIT {

    private static final String TOPIC = "racks";

    @TempDir
    Path temp;

    @Test
    void aGroupAskingForThePluginsAssignorIsAssignedByIt() throws Exception {
        // Given
        Path home = BrokerProcess.copyOfDistribution(temp.resolve("broker"));
        Path config = BrokerProcess.writeConfig(temp, temp.resolve("data"),
                "group.consumer.assignors = [uniform, range, rack-affinity]",
                "group.consumer.heartbeat.interval.ms = 500");
        assertTrue(BrokerProcess.startExpectingExit(home, config).output().contains("rack-affinity"),
                "without the plugin, start-up names the unknown assignor");
        Path jar = Path.of(System.getProperty("ferry.example.assignor.jar"));
        Files.copy(jar, home.resolve("plugins").resolve(jar.getFileName()));

        try (BrokerProcess broker = BrokerProcess.start(home, config);
             Admin admin = Admin.create(broker.clientProperties())) {
            assertTrue(broker.output().contains("Loaded plugin example-assignor-rack-affinity"), broker.output());
            admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1))).all().get();

            // When: one member in rack "a", two in rack "b"
            try (GroupMember alone = member(broker, "a");
                 GroupMember first = member(broker, "b");
                 GroupMember second = member(broker, "b")) {

                // Then
                awaitOwned(alone, Set.of(0, 2, 4));
                awaitOwned(first, second, Set.of(1, 3, 5));
            }
            assertEquals(0, broker.stop());
        }
    }

    private static GroupMember member(BrokerProcess broker, String rack) {
        return GroupMember.start(broker.bootstrapServers(), "rack-group", TOPIC, Map.of(
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
                ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, "rack-affinity",
                ConsumerConfig.CLIENT_RACK_CONFIG, rack), GroupMember.sharedLog());
    }

    /** Waits until the members own exactly these partitions between them, each member some. */
    private static void awaitOwned(GroupMember first, GroupMember second, Set<Integer> partitions)
            throws Exception {
        Await.until(() -> "rack b owns " + first.owned() + " and " + second.owned() + ", not " + partitions,
                () -> !first.owned().isEmpty() && !second.owned().isEmpty()
                        && first.owned().size() + second.owned().size() == partitions.size()
                        && union(first, second).equals(partitions));
    }

    private static void awaitOwned(GroupMember member, Set<Integer> partitions) throws Exception {
        Await.until(() -> "rack a owns " + member.owned() + ", not " + partitions,
                () -> partitions(member).equals(partitions));
    }

    private static Set<Integer> union(GroupMember first, GroupMember second) {
        Set<Integer> union = new HashSet<>(partitions(first));
        union.addAll(partitions(second));
        return union;
    }

    private static Set<Integer> partitions(GroupMember member) {
        return member.owned().stream().map(TopicPartition::partition).collect(Collectors.toSet());
    }
}
