package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The life of topics through the real Admin client: created, grown, recovered after a restart (deletion: DeleteTopicsIT). */
class TopicLifecycleIT {

    @TempDir
    Path temp;

    @Test
    void createTopicsChecksEachTopicAsKafkaDoes() throws Exception {
        Path config = BrokerProcess.writeConfig(temp, temp.resolve("data"));
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config);
             Admin admin = Admin.create(broker.clientProperties())) {
            admin.createTopics(List.of(new NewTopic("checked", 2, (short) 1)),
                    new CreateTopicsOptions().validateOnly(true)).all().get();
            assertFalse(admin.listTopics().names().get().contains("checked"), "validateOnly creates nothing");

            admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1)
                    .configs(Map.of("retention.ms", "60000")))).all().get();

            assertFailsWith(TopicExistsException.class, "Topic 'orders' already exists.",
                    admin, new NewTopic("orders", 1, (short) 1));
            assertFailsWith(InvalidTopicException.class, null, admin, new NewTopic("bad/name", 1, (short) 1));
            assertFailsWith(InvalidPartitionsException.class,
                    "Number of partitions was set to an invalid non-positive value.",
                    admin, new NewTopic("no-partitions", 0, (short) 1));
            assertFailsWith(InvalidReplicationFactorException.class, "Unable to replicate the partition 2 time(s): "
                    + "The target replication factor of 2 cannot be reached because only 1 broker(s) are registered.",
                    admin, new NewTopic("two-copies", 1, (short) 2));
            assertFailsWith(InvalidConfigurationException.class, "Unknown topic config name: no.such.config",
                    admin, new NewTopic("odd-config", 1, (short) 1).configs(Map.of("no.such.config", "1")));
            assertFailsWith(InvalidRequestException.class,
                    "Creation of internal topic __cluster_metadata is prohibited.",
                    admin, new NewTopic("__cluster_metadata", 1, (short) 1));
            assertEquals(Set.of("orders"), admin.listTopics().names().get(), "the metadata log is no topic");
            assertEquals(0, broker.stop());
        }
    }

    @Test
    void createPartitionsGrowsATopicWhoseNewPartitionsServe() throws Exception {
        Path config = BrokerProcess.writeConfig(temp, temp.resolve("data"));
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config);
             Admin admin = Admin.create(broker.clientProperties())) {
            admin.createTopics(List.of(new NewTopic("growing", 2, (short) 1))).all().get();
            admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(3)),
                    new CreatePartitionsOptions().validateOnly(true)).all().get();
            assertEquals(2, describe(admin, "growing").partitions().size(), "validateOnly changes nothing");

            admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(4))).all().get();

            assertEquals(4, describe(admin, "growing").partitions().size());
            ExecutionException same = assertThrows(ExecutionException.class, () -> admin.createPartitions(
                    Map.of("growing", NewPartitions.increaseTo(4))).all().get());
            assertInstanceOf(InvalidPartitionsException.class, same.getCause());
            assertEquals("Topic already has 4 partition(s).", same.getCause().getMessage());
            ExecutionException fewer = assertThrows(ExecutionException.class, () -> admin.createPartitions(
                    Map.of("growing", NewPartitions.increaseTo(3))).all().get());
            assertInstanceOf(InvalidPartitionsException.class, fewer.getCause());
            ExecutionException unknown = assertThrows(ExecutionException.class, () -> admin.createPartitions(
                    Map.of("missing", NewPartitions.increaseTo(3))).all().get());
            assertInstanceOf(UnknownTopicOrPartitionException.class, unknown.getCause());
            TopicPartition added = new TopicPartition("growing", 3);
            RecordMetadata written = produce(broker, added, "in the new partition");
            assertEquals(List.of("in the new partition"), PartitionReader.read(broker, added, 1));
            assertEquals(3, written.partition());
            assertEquals(0, broker.stop());
        }
    }

    @Test
    void aRestartedBrokerHasTheSameTopicsAfterASnapshot() throws Exception {
        Path data = temp.resolve("data");
        Path config = BrokerProcess.writeConfig(temp, data,
                "metadata.log.max.record.bytes.between.snapshots = 300");
        Map<String, TopicDescription> before;
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config);
             Admin admin = Admin.create(broker.clientProperties())) {
            for (int i = 0; i < 8; i++) {
                admin.createTopics(List.of(new NewTopic("topic-" + i, 1 + i % 3, (short) 1)
                        .configs(Map.of("retention.ms", Integer.toString(60_000 + i))))).all().get();
            }
            admin.deleteTopics(List.of("topic-2", "topic-5")).all().get();
            before = admin.describeTopics(admin.listTopics().names().get()).allTopicNames().get();
            assertEquals(0, broker.stop());
        }
        assertEquals(1, snapshots(data).size(), "one snapshot: " + snapshots(data));

        try (BrokerProcess restarted = BrokerProcess.start(BrokerProcess.distribution(), config);
             Admin admin = Admin.create(restarted.clientProperties())) {
            Map<String, TopicDescription> after =
                    admin.describeTopics(admin.listTopics().names().get()).allTopicNames().get();

            assertEquals(before, after);
            assertFalse(after.containsKey("topic-2"));
            assertEquals("60007", topicConfig(admin, "topic-7", "retention.ms"));
            assertEquals(0, restarted.stop());
        }
    }

    @Test
    void clientsCreateTopicsWhenTheBrokerAllowsIt() throws Exception {
        Path config = BrokerProcess.writeConfig(temp, temp.resolve("data"),
                "auto.create.topics.enable = true", "num.partitions = 3");
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config);
             Admin admin = Admin.create(broker.clientProperties())) {
            produce(broker, new TopicPartition("produced-to", 2), "first");
            try (KafkaConsumer<String, String> consumer = consumer(broker)) {
                consumer.subscribe(List.of("subscribed-to"));
                Await.until(() -> "the consumer did not create its topic", () -> {
                    consumer.poll(Duration.ofMillis(100));
                    return admin.listTopics().names().get().contains("subscribed-to");
                });
            }

            assertEquals(3, describe(admin, "produced-to").partitions().size());
            assertEquals(3, describe(admin, "subscribed-to").partitions().size());
            assertEquals(0, broker.stop());
        }
    }

    private static void assertFailsWith(Class<? extends Exception> error, String message, Admin admin,
                                        NewTopic topic) throws Exception {
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> admin.createTopics(List.of(topic)).all().get());
        assertInstanceOf(error, failure.getCause());
        if (message != null) {
            assertEquals(message, failure.getCause().getMessage());
        }
    }

    private static TopicDescription describe(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    }

    /** A topic's config through DescribeConfigs. */
    private static String topicConfig(Admin admin, String topic, String key) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        return config.get(key).value();
    }

    private static RecordMetadata produce(BrokerProcess broker, TopicPartition partition, String value)
            throws Exception {
        Properties properties = broker.clientProperties();
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), null, value)).get();
        }
    }

    private static KafkaConsumer<String, String> consumer(BrokerProcess broker) {
        Properties properties = broker.clientProperties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "lifecycle-" + System.nanoTime());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }

    private static Set<String> snapshots(Path data) throws Exception {
        try (Stream<Path> files = Files.list(data.resolve("__cluster_metadata-0"))) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".checkpoint"))
                    .collect(Collectors.toSet());
        }
    }
}
