package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Groups are durable, as in Kafka: a broker stopped with SIGTERM and started again while three consumers of a
 * KIP-848 group and three of a classic group consume keeps both groups' members, generation and assignments. The
 * members go on consuming where they were, without a rebalance, so every acknowledged record is processed and none
 * twice.
 */
class GroupsAcrossRestartIT {

    private static final String TOPIC = "orders";
    private static final int PARTITIONS = 6;
    private static final String CLASSIC = "classic-app";
    private static final String MODERN = "modern-app";

    @TempDir
    Path temp;

    @Test
    void stableGroupsKeepTheirMembersAndConsumeEveryRecordOnceAcrossARestart() throws Exception {
        Path config = BrokerProcess.writeConfig(temp, temp.resolve("data"));
        Collection<ConsumerRecord<String, String>> classicProcessed = GroupMember.sharedLog();
        Collection<ConsumerRecord<String, String>> modernProcessed = GroupMember.sharedLog();
        List<GroupMember> members = new ArrayList<>();
        BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config);
        try {
            try (Admin admin = Admin.create(broker.clientProperties())) {
                admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
            }
            ContinuousProducer producer = ContinuousProducer.start(broker, TOPIC);
            for (int i = 0; i < 3; i++) {
                members.add(GroupMember.start(broker.bootstrapServers(), CLASSIC, TOPIC, Map.of(
                        ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic",
                        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "30000"), classicProcessed));
                members.add(GroupMember.start(broker.bootstrapServers(), MODERN, TOPIC, Map.of(
                        ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer"), modernProcessed));
            }
            Map<String, Set<String>> before;
            try (Admin admin = Admin.create(broker.clientProperties())) {
                Await.until(() -> "both groups to be stable with three members owning every partition",
                        () -> stable(admin, CLASSIC) && stable(admin, MODERN));
                before = membersAndAssignments(admin);
            }

            assertEquals(0, broker.stop(), "SIGTERM stops the broker cleanly");
            broker = BrokerProcess.start(BrokerProcess.distribution(), config);

            try (Admin admin = Admin.create(broker.clientProperties())) {
                Await.until(() -> "both groups to be stable again",
                        () -> stable(admin, CLASSIC) && stable(admin, MODERN));
                assertEquals(before, membersAndAssignments(admin), "the same members own the same partitions");
            }
            Set<String> acknowledged = producer.stopAndAcknowledged();
            producer.close();
            awaitProcessed(classicProcessed, acknowledged);
            awaitProcessed(modernProcessed, acknowledged);
            assertProcessedOnce(classicProcessed, acknowledged);
            assertProcessedOnce(modernProcessed, acknowledged);
        } finally {
            for (GroupMember member : members) {
                member.close();
            }
            broker.close();
        }
    }

    private static boolean stable(Admin admin, String group) throws Exception {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        int owned = description.members().stream().mapToInt(member -> member.assignment().topicPartitions().size())
                .sum();
        return description.groupState() == GroupState.STABLE && description.members().size() == 3
                && owned == PARTITIONS;
    }

    /** For each group and member: its id and the partitions it owns. */
    private static Map<String, Set<String>> membersAndAssignments(Admin admin) throws Exception {
        Map<String, ConsumerGroupDescription> groups = admin.describeConsumerGroups(List.of(CLASSIC, MODERN)).all()
                .get();
        return groups.values().stream().collect(Collectors.toMap(ConsumerGroupDescription::groupId,
                group -> group.members().stream().map(GroupsAcrossRestartIT::memberAndAssignment)
                        .collect(Collectors.toSet())));
    }

    private static String memberAndAssignment(MemberDescription member) {
        return member.consumerId() + " " + member.assignment().topicPartitions().stream()
                .map(partition -> partition.partition())
                .sorted()
                .toList();
    }

    private static void awaitProcessed(Collection<ConsumerRecord<String, String>> processed, Set<String> values)
            throws Exception {
        Await.until(() -> "every acknowledged record to be processed",
                () -> processed.stream().map(ConsumerRecord::value).collect(Collectors.toSet()).containsAll(values));
    }

    /** Records written while the broker stopped may be processed without their producer hearing of them. */
    private static void assertProcessedOnce(Collection<ConsumerRecord<String, String>> processed,
                                            Set<String> acknowledged) {
        List<String> values = processed.stream().map(ConsumerRecord::value).toList();
        assertTrue(new HashSet<>(values).containsAll(acknowledged), "every acknowledged record was processed");
        assertEquals(values.size(), new HashSet<>(values).size(), "no record was processed twice");
    }
}
