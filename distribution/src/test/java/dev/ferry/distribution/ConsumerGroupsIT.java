package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnsupportedAssignorException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Groups of real consumers, with the classic protocol and each client-side assignor and with the consumer protocol
 * (KIP-848) and each built-in server-side assignor: 1, 2, then 3 members and back to 2 on a 6-partition topic while
 * a producer keeps writing. After each rebalance every partition has exactly one owner, and in the end every
 * acknowledged record was processed exactly once.
 */
class ConsumerGroupsIT {

    static final int PARTITIONS = 6;

    @TempDir
    static Path temp;
    static BrokerProcess broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = BrokerProcess.start(BrokerProcess.distribution(), BrokerProcess.writeConfig(temp, temp.resolve("data"),
                "group.initial.rebalance.delay.ms = 0",
                "group.consumer.heartbeat.interval.ms = 500",
                "group.consumer.session.timeout.ms = 6000"));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        assertEquals(0, broker.stop(), broker.output());
    }

    /** Consumer settings for each protocol and assignor; the classic ones with a short session timeout. */
    static List<Map<String, String>> groupSettings() {
        List<Map<String, String>> settings = new ArrayList<>();
        for (String assignor : List.of("range", "roundrobin", "sticky", "cooperative-sticky")) {
            settings.add(Map.of(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic",
                    ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignorClass(assignor),
                    ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000",
                    ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500"));
        }
        for (String assignor : List.of("uniform", "range")) {
            settings.add(Map.of(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
                    ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, assignor));
        }
        return settings;
    }

    @ParameterizedTest
    @MethodSource("groupSettings")
    void everyPartitionHasOneOwnerAndEveryRecordIsProcessedOnce(Map<String, String> settings) throws Exception {
        // Given
        String name = "g" + System.nanoTime();
        createTopic(name);
        Collection<ConsumerRecord<String, String>> processed = GroupMember.sharedLog();
        try (ContinuousProducer producer = ContinuousProducer.start(broker, name)) {
            // When
            GroupMember first = GroupMember.start(broker.bootstrapServers(), name, name, settings, processed);
            awaitOwnership(List.of(first));
            GroupMember second = GroupMember.start(broker.bootstrapServers(), name, name, settings, processed);
            awaitOwnership(List.of(first, second));
            GroupMember third = GroupMember.start(broker.bootstrapServers(), name, name, settings, processed);
            awaitOwnership(List.of(first, second, third));
            third.close();
            awaitOwnership(List.of(first, second));
            Set<String> acknowledged = producer.stopAndAcknowledged();

            // Then
            awaitProcessed(processed, acknowledged.size());
            first.close();
            second.close();
            List<String> values = processed.stream().map(ConsumerRecord::value).toList();
            assertEquals(acknowledged, new HashSet<>(values), "every acknowledged record was processed");
            assertEquals(values.size(), new HashSet<>(values).size(), "no record was processed twice");
        }
    }

    @ParameterizedTest
    @MethodSource("groupSettings")
    void aMemberKilledWithoutLeavingIsExpelledAndItsPartitionsMove(Map<String, String> settings) throws Exception {
        // Given
        String name = "k" + System.nanoTime();
        createTopic(name);
        Collection<ConsumerRecord<String, String>> processed = GroupMember.sharedLog();
        try (GroupMemberProcess killed = GroupMemberProcess.start(broker, name, name, settings)) {
            killed.awaitOwning(PARTITIONS);
            try (GroupMember survivor = GroupMember.start(broker.bootstrapServers(), name, name, settings, processed)) {
                awaitSomeOwnership(survivor);
                killed.awaitOwning(PARTITIONS - survivor.owned().size());

                // When
                killed.kill();

                // Then
                awaitOwnership(List.of(survivor));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("groupSettings")
    void aStaticMemberThatComesBackGetsItsPartitionsBack(Map<String, String> settings) throws Exception {
        // Given two static members
        String name = "s" + System.nanoTime();
        createTopic(name);
        Collection<ConsumerRecord<String, String>> processed = GroupMember.sharedLog();
        try (GroupMember stays = GroupMember.start(broker.bootstrapServers(), name, name,
                withInstanceId(settings, "stays"), processed)) {
            GroupMember restarts = GroupMember.start(broker.bootstrapServers(), name, name,
                    withInstanceId(settings, "restarts"), processed);
            awaitOwnership(List.of(stays, restarts));
            Set<TopicPartition> kept = stays.owned();
            Set<TopicPartition> released = restarts.owned();

            // When one closes, which a static member does without leaving, and starts again
            restarts.close();
            try (GroupMember again = GroupMember.start(broker.bootstrapServers(), name, name,
                    withInstanceId(settings, "restarts"), processed)) {

                // Then it owns what it had, and the other member keeps its own
                awaitOwnership(List.of(stays, again));
                assertEquals(released, again.owned());
                assertEquals(kept, stays.owned());
            }
        }
    }

    @Test
    void anAssignorTheBrokerDoesNotOfferIsRefused() throws Exception {
        String name = "u" + System.nanoTime();
        createTopic(name);
        Properties properties = broker.clientProperties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, name);
        properties.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        properties.put(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, "missing");
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(name));
            assertThrows(UnsupportedAssignorException.class, () -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200));
                }
            });
        }
    }

    private static Map<String, String> withInstanceId(Map<String, String> settings, String instanceId) {
        Map<String, String> withId = new HashMap<>(settings);
        withId.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        return withId;
    }

    private static void createTopic(String name) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(name, PARTITIONS, (short) 1))).all().get();
        }
    }

    private static void awaitOwnership(List<GroupMember> members) throws Exception {
        awaitOwnership(members, PARTITIONS);
    }

    /** Waits until the members own {@code partitions} partitions between them, each member some, none twice. */
    private static void awaitOwnership(List<GroupMember> members, int partitions) throws Exception {
        Await.until(() -> "No single owner for each of " + partitions + " partitions: " + owned(members), () -> {
            List<Set<TopicPartition>> owned = owned(members);
            Set<TopicPartition> union = new HashSet<>();
            owned.forEach(union::addAll);
            int total = owned.stream().mapToInt(Set::size).sum();
            return union.size() == partitions && total == partitions && owned.stream().noneMatch(Set::isEmpty);
        });
    }

    private static List<Set<TopicPartition>> owned(List<GroupMember> members) {
        return members.stream().map(GroupMember::owned).toList();
    }

    /** Waits until the member owns some of the partitions but not all: it shares them with another member. */
    private static void awaitSomeOwnership(GroupMember member) throws Exception {
        Await.until(() -> "The member never shared the partitions: it owns " + member.owned(), () -> {
            int owned = member.owned().size();
            return owned > 0 && owned < PARTITIONS;
        });
    }

    private static void awaitProcessed(Collection<ConsumerRecord<String, String>> processed, int records)
            throws Exception {
        Await.until(() -> "processed " + processed.size() + " of " + records, () -> processed.size() >= records);
    }

    private static String assignorClass(String name) {
        return switch (name) {
            case "range" -> "org.apache.kafka.clients.consumer.RangeAssignor";
            case "roundrobin" -> "org.apache.kafka.clients.consumer.RoundRobinAssignor";
            case "sticky" -> "org.apache.kafka.clients.consumer.StickyAssignor";
            case "cooperative-sticky" -> "org.apache.kafka.clients.consumer.CooperativeStickyAssignor";
            default -> throw new IllegalArgumentException(name);
        };
    }
}
