package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.GroupSubscribedToTopicException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The AdminClient's consumer group methods, against groups of both protocols with a live member. */
class ConsumerGroupAdminIT {

    @TempDir
    static Path temp;
    static BrokerProcess broker;
    static Admin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = BrokerProcess.start(BrokerProcess.distribution(), BrokerProcess.writeConfig(temp, temp.resolve("data"),
                "group.initial.rebalance.delay.ms = 0", "group.consumer.heartbeat.interval.ms = 500"));
        admin = Admin.create(broker.clientProperties());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        admin.close();
        assertEquals(0, broker.stop(), broker.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void managesAGroupThroughItsLife(String protocol) throws Exception {
        // Given a group with one live member
        String name = protocol + System.nanoTime();
        admin.createTopics(List.of(new NewTopic(name, 2, (short) 1))).all().get();
        Collection<ConsumerRecord<String, String>> processed = GroupMember.sharedLog();
        GroupMember member = GroupMember.start(broker.bootstrapServers(), name, name,
                Map.of(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol), processed);
        awaitOwning(member, 2);
        TopicPartition p0 = new TopicPartition(name, 0);
        TopicPartition p1 = new TopicPartition(name, 1);

        // Then it is listed and described with its member and assignment
        GroupListing listing = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get().stream()
                .filter(group -> group.groupId().equals(name)).findFirst().orElseThrow();
        assertEquals(GroupType.valueOf(protocol.toUpperCase()), listing.type().orElseThrow());
        assertEquals(GroupState.STABLE, listing.groupState().orElseThrow());
        assertTrue(admin.listGroups(ListGroupsOptions.forConsumerGroups().inGroupStates(Set.of(GroupState.EMPTY)))
                .all().get().stream().noneMatch(group -> group.groupId().equals(name)), "filtered by state");
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(name)).all().get().get(name);
        assertEquals(GroupState.STABLE, description.groupState());
        assertEquals(1, description.members().size());
        MemberDescription described = description.members().iterator().next();
        assertEquals(Set.of(p0, p1), described.assignment().topicPartitions());

        // and its offsets can be read, but neither it nor its offsets deleted while it consumes
        awaitCommitted(name, p0, p1);
        ExecutionException notEmpty = assertThrows(ExecutionException.class,
                () -> admin.deleteConsumerGroups(List.of(name)).all().get());
        assertInstanceOf(GroupNotEmptyException.class, notEmpty.getCause());
        ExecutionException subscribed = assertThrows(ExecutionException.class,
                () -> admin.deleteConsumerGroupOffsets(name, Set.of(p0)).all().get());
        assertInstanceOf(GroupSubscribedToTopicException.class, subscribed.getCause());

        // When the member leaves
        member.close();

        // Then the group is empty, and its offsets can be altered and deleted, and the group deleted
        assertEquals(GroupState.EMPTY, admin.describeConsumerGroups(List.of(name)).all().get().get(name)
                .groupState());
        admin.alterConsumerGroupOffsets(name, Map.of(p0, new OffsetAndMetadata(0, "rewound"))).all().get();
        OffsetAndMetadata altered = admin.listConsumerGroupOffsets(name).partitionsToOffsetAndMetadata().get().get(p0);
        assertEquals(0, altered.offset());
        assertEquals("rewound", altered.metadata());
        admin.deleteConsumerGroupOffsets(name, Set.of(p0)).all().get();
        assertEquals(Set.of(p1), admin.listConsumerGroupOffsets(name).partitionsToOffsetAndMetadata().get().keySet());
        admin.deleteConsumerGroups(List.of(name)).all().get();
        assertTrue(admin.listGroups().all().get().stream().noneMatch(group -> group.groupId().equals(name)));
    }

    private static void awaitOwning(GroupMember member, int partitions) throws Exception {
        Await.until(() -> "the member owns " + member.owned(), () -> member.owned().size() == partitions);
    }

    /** Waits until the member has committed a position for both partitions. */
    private static void awaitCommitted(String group, TopicPartition... partitions) throws Exception {
        Await.until(() -> "not every one of " + List.of(partitions) + " was committed",
                () -> committed(group).containsAll(List.of(partitions)));
    }

    private static Set<TopicPartition> committed(String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().keySet();
    }
}
