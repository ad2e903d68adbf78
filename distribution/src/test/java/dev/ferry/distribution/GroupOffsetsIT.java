package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Committed offsets are durable: a broker stopped with SIGTERM or killed with SIGKILL gives them back. */
class GroupOffsetsIT {

    private static final String TOPIC = "offsets";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final TopicPartition P2 = new TopicPartition(TOPIC, 2);

    @TempDir
    Path temp;

    @Test
    void committedOffsetsSurviveAStopAndACrash() throws Exception {
        // Given
        Path config = BrokerProcess.writeConfig(temp, temp.resolve("data"));
        Map<TopicPartition, OffsetAndMetadata> simple = Map.of(
                P0, new OffsetAndMetadata(5, "first"), P1, new OffsetAndMetadata(7, ""), P2, new OffsetAndMetadata(10));
        Map<TopicPartition, OffsetAndMetadata> subscribed;
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config);
             Admin admin = Admin.create(broker.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
            produce(broker, 30);

            // When
            try (KafkaConsumer<String, String> consumer = consumer(broker, "simple")) {
                consumer.assign(List.of(P0, P1, P2));
                consumer.commitSync(simple);
            }
            subscribed = consumeAllAndCommit(broker, "subscribed");
            assertEquals(0, broker.stop());
        }

        // Then
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config)) {
            assertCommitted(broker, "simple", simple);
            assertCommitted(broker, "subscribed", subscribed);
            try (KafkaConsumer<String, String> consumer = consumer(broker, "simple")) {
                consumer.assign(List.of(P1));
                consumer.commitSync(Map.of(P1, new OffsetAndMetadata(8, "after the stop")));
            }
            broker.kill();
        }
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config)) {
            assertCommitted(broker, "simple", Map.of(P0, simple.get(P0), P1, new OffsetAndMetadata(8, "after the stop"),
                    P2, simple.get(P2)));
            assertCommitted(broker, "subscribed", subscribed);
            try (KafkaConsumer<String, String> consumer = consumer(broker, "simple")) {
                consumer.assign(List.of(P0));
                assertEquals(5, consumer.position(P0), "a consumer resumes from the committed offset");
            }
            assertEquals(0, broker.stop());
        }
    }

    @Test
    void unknownGroupsHaveNoOffsetsAndCannotBeDeleted() throws Exception {
        Path config = BrokerProcess.writeConfig(temp, temp.resolve("data"));
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config);
             Admin admin = Admin.create(broker.clientProperties())) {
            assertEquals(Map.of(), admin.listConsumerGroupOffsets("nobody").partitionsToOffsetAndMetadata().get());
            ExecutionException deleted = assertThrows(ExecutionException.class,
                    () -> admin.deleteConsumerGroups(List.of("nobody")).all().get());
            assertInstanceOf(GroupIdNotFoundException.class, deleted.getCause());
            assertEquals(0, broker.stop());
        }
    }

    @Test
    void clientsCanNeitherWriteNorDeleteTheOffsetsTopic() throws Exception {
        Path config = BrokerProcess.writeConfig(temp, temp.resolve("data"));
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config);
             Admin admin = Admin.create(broker.clientProperties())) {
            assertTrue(admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get()
                    .contains(Topic.GROUP_METADATA_TOPIC_NAME));
            assertEquals(Set.of(), admin.listTopics().names().get(), "internal topics are listed only on request");

            Properties properties = broker.clientProperties();
            try (KafkaProducer<String, String> producer =
                         new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
                ExecutionException written = assertThrows(ExecutionException.class, () -> producer.send(
                        new ProducerRecord<>(Topic.GROUP_METADATA_TOPIC_NAME, 0, "k", "garbage")).get());
                assertInstanceOf(InvalidTopicException.class, written.getCause());
            }
            ExecutionException deleted = assertThrows(ExecutionException.class, () -> admin.deleteTopics(
                    List.of(Topic.GROUP_METADATA_TOPIC_NAME)).all().get());
            assertInstanceOf(InvalidTopicException.class, deleted.getCause());
            assertEquals(0, broker.stop());
        }
    }

    /** Consumes everything with a subscribing member, commits, and returns what it committed. */
    private static Map<TopicPartition, OffsetAndMetadata> consumeAllAndCommit(BrokerProcess broker, String group) {
        try (KafkaConsumer<String, String> consumer = consumer(broker, group)) {
            consumer.subscribe(List.of(TOPIC));
            int read = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read < 30 && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            assertEquals(30, read);
            consumer.commitSync();
            return consumer.committed(Set.of(P0, P1, P2));
        }
    }

    private static void assertCommitted(BrokerProcess broker, String group,
                                        Map<TopicPartition, OffsetAndMetadata> expected) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            assertEquals(expected.keySet(), committed.keySet(), group);
            expected.forEach((partition, offset) -> {
                assertEquals(offset.offset(), committed.get(partition).offset(), group + " " + partition);
                assertEquals(offset.metadata(), committed.get(partition).metadata(), group + " " + partition);
            });
            assertTrue(admin.listGroups().all().get().stream().anyMatch(g -> g.groupId().equals(group)),
                    group + " is listed");
        }
    }

    private static KafkaConsumer<String, String> consumer(BrokerProcess broker, String group) {
        Properties properties = broker.clientProperties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }

    private static void produce(BrokerProcess broker, int records) throws Exception {
        Properties properties = broker.clientProperties();
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % 3, "k" + i, "v" + i)).get();
            }
        }
    }
}
