package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topics deleted with the real Admin client, by name and by id, are gone from the cluster at once and from the disk
 * soon after (their directories are renamed {@code -delete} and removed in the background).
 */
class DeleteTopicsIT {

    @TempDir
    Path temp;

    @Test
    void deletedTopicsAreGoneForGoodAndTheirNamesCanBeReused() throws Exception {
        // Given
        Path data = temp.resolve("data");
        Path config = BrokerProcess.writeConfig(temp, data);
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config);
             Admin admin = Admin.create(broker.clientProperties())) {
            admin.createTopics(List.of(new NewTopic("by-name", 2, (short) 1), new NewTopic("by-id", 1, (short) 1)))
                    .all().get();
            produce(broker, "by-name", 50);
            Uuid byId = admin.describeTopics(List.of("by-id")).allTopicNames().get().get("by-id").topicId();

            // When
            admin.deleteTopics(TopicCollection.ofTopicNames(List.of("by-name"))).all().get();
            admin.deleteTopics(TopicCollection.ofTopicIds(List.of(byId))).all().get();

            // Then
            assertEquals(0, admin.listTopics().names().get().size());
            assertFalse(Files.exists(data.resolve("by-name-0")));
            assertFalse(Files.exists(data.resolve("by-name-1")));
            assertFalse(Files.exists(data.resolve("by-id-0")));
            ExecutionException unknownName = assertThrows(ExecutionException.class, () -> admin.deleteTopics(
                    TopicCollection.ofTopicNames(List.of("by-name"))).all().get());
            assertInstanceOf(UnknownTopicOrPartitionException.class, unknownName.getCause());
            ExecutionException unknownId = assertThrows(ExecutionException.class, () -> admin.deleteTopics(
                    TopicCollection.ofTopicIds(List.of(byId))).all().get());
            assertInstanceOf(UnknownTopicIdException.class, unknownId.getCause());

            admin.createTopics(List.of(new NewTopic("by-name", 1, (short) 1))).all().get();
            TopicPartition reused = new TopicPartition("by-name", 0);
            assertEquals(0, admin.listOffsets(Map.of(reused, OffsetSpec.latest())).all().get().get(reused).offset(),
                    "a topic created again under the name starts empty");
            Await.until(() -> "the renamed partition directories are still in " + data, () -> {
                try (Stream<Path> children = Files.list(data)) {
                    return children.noneMatch(child -> child.getFileName().toString().endsWith("-delete"));
                }
            });
            assertEquals(0, broker.stop());
        }
        try (BrokerProcess restarted = BrokerProcess.start(BrokerProcess.distribution(), config);
             Admin admin = Admin.create(restarted.clientProperties())) {
            assertEquals(List.of("by-name"), List.copyOf(admin.listTopics().names().get()));
            // by-name, __consumer_offsets and __transaction_state
            assertTrue(restarted.output().contains("Loaded 3 topics"),
                    restarted.output());
            assertEquals(0, restarted.stop());
        }
    }

    private static void produce(BrokerProcess broker, String topic, int records) throws Exception {
        Properties properties = broker.clientProperties();
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            producer.flush();
        }
    }
}
