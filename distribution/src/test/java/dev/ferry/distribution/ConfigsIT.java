package dev.ferry.distribution;

import static dev.ferry.distribution.ConfigsClient.BROKER;
import static dev.ferry.distribution.ConfigsClient.CLUSTER_DEFAULT;
import static dev.ferry.distribution.ConfigsClient.append;
import static dev.ferry.distribution.ConfigsClient.delete;
import static dev.ferry.distribution.ConfigsClient.set;
import static dev.ferry.distribution.ConfigsClient.subtract;
import static dev.ferry.distribution.ConfigsClient.topic;
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
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConfigEntry.ConfigSource;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Topic and broker configs with the real Admin client: described, changed, validated, stored and applied live. */
class ConfigsIT {

    @TempDir
    Path temp;

    @Test
    void describesTopicAndBrokerConfigsWithSourcesSynonymsAndDocumentation() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(),
                BrokerProcess.writeConfig(temp, temp.resolve("data"), "log.retention.ms = 86400000",
                        "\"max.connections.per.ip\" = 1000"));
             Admin admin = Admin.create(broker.clientProperties())) {
            // Given
            ConfigsClient configs = new ConfigsClient(admin, broker.clientProperties());
            admin.createTopics(List.of(new NewTopic("described", 1, (short) 1)
                    .configs(Map.of("retention.bytes", "1000")))).all().get();

            // When
            Map<String, ConfigEntry> topic = entries(configs.describe(topic("described")).entries());
            Map<String, ConfigEntry> brokerConfigs = entries(configs.describe(BROKER).entries());

            // Then: the topic's override, the operator's broker key, Kafka's default
            ConfigEntry retentionBytes = topic.get("retention.bytes");
            assertEquals("1000", retentionBytes.value());
            assertEquals(ConfigSource.DYNAMIC_TOPIC_CONFIG, retentionBytes.source());
            assertEquals(List.of("retention.bytes=1000 DYNAMIC_TOPIC_CONFIG", "log.retention.bytes=-1 DEFAULT_CONFIG"),
                    synonyms(retentionBytes));
            ConfigEntry retentionMs = topic.get("retention.ms");
            assertEquals("86400000", retentionMs.value());
            assertEquals(ConfigSource.STATIC_BROKER_CONFIG, retentionMs.source());
            assertEquals(List.of("log.retention.ms=86400000 STATIC_BROKER_CONFIG",
                    "log.retention.ms=604800000 DEFAULT_CONFIG"), synonyms(retentionMs));
            assertEquals(TopicConfig.RETENTION_MS_DOC, retentionMs.documentation());
            assertEquals(ConfigEntry.ConfigType.LONG, retentionMs.type());
            assertEquals("CreateTime", topic.get("message.timestamp.type").value());
            assertEquals(ConfigEntry.ConfigType.LIST, topic.get("cleanup.policy").type());
            assertFalse(topic.get("segment.bytes").isReadOnly());
            assertEquals(33, topic.size(), topic.keySet().toString());

            assertEquals(ConfigSource.STATIC_BROKER_CONFIG, brokerConfigs.get("log.retention.ms").source());
            assertFalse(brokerConfigs.get("log.retention.ms").isReadOnly());
            assertTrue(brokerConfigs.get("log.dirs").isReadOnly());
            assertEquals(ConfigSource.STATIC_BROKER_CONFIG, brokerConfigs.get("log.dirs").source());
            assertEquals(ConfigSource.STATIC_BROKER_CONFIG, brokerConfigs.get("max.connections.per.ip").source());
            ConfigEntry numPartitions = brokerConfigs.get("num.partitions");
            assertEquals("1", numPartitions.value());
            assertEquals(ConfigSource.DEFAULT_CONFIG, numPartitions.source());
            assertEquals("Partitions of a topic created without a count (auto-created or CreateTopics with -1).",
                    numPartitions.documentation());
            assertTrue(brokerConfigs.containsKey("socket.request.max.bytes"), "a plugin's key is the broker's too");
            assertEquals("2147483647", brokerConfigs.get("max.connections").value(),
                    "a key quoted in HOCON goes by its Kafka name");

            ExecutionException unknown = assertThrows(ExecutionException.class,
                    () -> configs.describe(topic("no-such-topic")));
            assertInstanceOf(UnknownTopicOrPartitionException.class, unknown.getCause());
            assertEquals(0, broker.stop());
        }
    }

    @Test
    void altersTopicConfigsWithEachOperationValidatedAllOrNothing() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(),
                BrokerProcess.writeConfig(temp, temp.resolve("data")));
             Admin admin = Admin.create(broker.clientProperties())) {
            // Given
            ConfigsClient configs = new ConfigsClient(admin, broker.clientProperties());
            admin.createTopics(List.of(new NewTopic("altered", 1, (short) 1))).all().get();
            var altered = topic("altered");
            String throttled = "leader.replication.throttled.replicas";

            // When, then: each operation
            configs.alter(altered, set("retention.ms", "3600000"), append(throttled, "0:1"));
            configs.alter(altered, append(throttled, "1:1"));
            assertEquals("3600000", configs.value(altered, "retention.ms"));
            assertEquals(ConfigSource.DYNAMIC_TOPIC_CONFIG, configs.entry(altered, "retention.ms").source());
            assertEquals("0:1,1:1", configs.value(altered, throttled));
            configs.alter(altered, subtract(throttled, "0:1"), delete("retention.ms"));
            assertEquals("1:1", configs.value(altered, throttled));
            assertEquals("604800000", configs.value(altered, "retention.ms"));
            assertEquals(ConfigSource.DEFAULT_CONFIG, configs.entry(altered, "retention.ms").source());

            // validation: nothing of a refused change is applied
            ExecutionException badValue = assertThrows(ExecutionException.class, () -> configs.alter(altered,
                    set("retention.ms", "1000"), set("segment.ms", "0")));
            assertInstanceOf(InvalidConfigurationException.class, badValue.getCause());
            assertEquals("Invalid value 0 for configuration segment.ms: Value must be at least 1",
                    badValue.getCause().getMessage());
            assertEquals("604800000", configs.value(altered, "retention.ms"));
            ExecutionException unknownKey = assertThrows(ExecutionException.class,
                    () -> configs.alter(altered, set("no.such.config", "1")));
            assertInstanceOf(InvalidConfigurationException.class, unknownKey.getCause());
            assertEquals("Unknown topic config name: no.such.config", unknownKey.getCause().getMessage());
            ExecutionException appendToNumber = assertThrows(ExecutionException.class,
                    () -> configs.alter(altered, append("retention.ms", "5")));
            assertInstanceOf(InvalidRequestException.class, appendToNumber.getCause());
            ExecutionException badPolicy = assertThrows(ExecutionException.class,
                    () -> configs.alter(altered, set("cleanup.policy", "shred")));
            assertInstanceOf(InvalidConfigurationException.class, badPolicy.getCause());
            ExecutionException unknownTopic = assertThrows(ExecutionException.class,
                    () -> configs.alter(topic("no-such-topic"), set("retention.ms", "1")));
            assertInstanceOf(UnknownTopicOrPartitionException.class, unknownTopic.getCause());

            // validateOnly checks without changing
            configs.alter(altered, true, set("retention.ms", "1000"));
            assertEquals("604800000", configs.value(altered, "retention.ms"));

            // the legacy AlterConfigs replaces every override
            assertEquals(0, LegacyAlterConfigs.replaceTopic(broker, "altered", Map.of("retention.bytes", "5000")));
            assertEquals("5000", configs.value(altered, "retention.bytes"));
            assertEquals("", configs.value(altered, throttled));
            assertEquals(40, LegacyAlterConfigs.replaceTopic(broker, "altered", Map.of("retention.bytes", "x")),
                    "INVALID_CONFIG");

            // broker keys: only Kafka's dynamic ones
            ExecutionException staticKey = assertThrows(ExecutionException.class,
                    () -> configs.alter(BROKER, set("log.dirs", "/tmp/elsewhere")));
            assertInstanceOf(InvalidRequestException.class, staticKey.getCause());
            assertEquals("Cannot update these configs dynamically: Set(log.dirs)", staticKey.getCause().getMessage());
            assertEquals(0, broker.stop());
        }
    }

    @Test
    void topicConfigsApplyLive() throws Exception {
        Path data = temp.resolve("data");
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(),
                BrokerProcess.writeConfig(temp, data, "log.retention.check.interval.ms = 300"));
             Admin admin = Admin.create(broker.clientProperties())) {
            ConfigsClient configs = new ConfigsClient(admin, broker.clientProperties());
            admin.createTopics(List.of(new NewTopic("live", 1, (short) 1))).all().get();
            var live = topic("live");

            // max.message.bytes
            configs.produce(List.of(new ProducerRecord<>("live", "x".repeat(5000))));
            configs.alter(live, set("max.message.bytes", "2000"));
            ExecutionException tooLarge = assertThrows(ExecutionException.class,
                    () -> configs.produce(List.of(new ProducerRecord<>("live", "x".repeat(5000)))));
            assertInstanceOf(RecordTooLargeException.class, tooLarge.getCause());
            configs.alter(live, delete("max.message.bytes"));

            // segment.bytes: new segments roll
            assertEquals(1, segmentFiles(data.resolve("live-0")));
            configs.alter(live, set("segment.bytes", "1000"));
            configs.produce(records("live", 10, 300));
            assertTrue(segmentFiles(data.resolve("live-0")) >= 5, "segments: " + segmentFiles(data.resolve("live-0")));

            // retention.ms: old segments go at the next retention check
            configs.alter(live, set("retention.ms", "1000"), set("file.delete.delay.ms", "0"));
            TopicPartition partition = new TopicPartition("live", 0);
            Await.until(() -> "retention deleted nothing", () -> admin.listOffsets(Map.of(partition,
                    OffsetSpec.earliest())).all().get().get(partition).offset() > 5);
            configs.alter(live, delete("retention.ms"));

            // message.timestamp.type
            configs.alter(live, set("message.timestamp.type", "LogAppendTime"));
            long before = System.currentTimeMillis();
            RecordMetadata stamped = configs.produce(List.of(new ProducerRecord<>("live", null, 1000L, null, "old")))
                    .get(0);
            assertTrue(stamped.timestamp() >= before, "log_append_time_ms answered: " + stamped.timestamp());
            ConsumerRecord<String, String> consumed = consumeAt(broker, partition, stamped.offset());
            assertEquals(TimestampType.LOG_APPEND_TIME, consumed.timestampType());
            assertEquals(stamped.timestamp(), consumed.timestamp());

            // message.timestamp.after.max.ms under CreateTime (Kafka's default: an hour)
            configs.alter(live, delete("message.timestamp.type"));
            ExecutionException future = assertThrows(ExecutionException.class, () -> configs.produce(List.of(
                    new ProducerRecord<>("live", null, System.currentTimeMillis() + 7_200_000, null, "future"))));
            assertInstanceOf(InvalidTimestampException.class, future.getCause());
            assertEquals(0, broker.stop());
        }
    }

    @Test
    void dynamicBrokerDefaultsReachTopicsWithoutOverridesAndSurviveARestart() throws Exception {
        Path config = BrokerProcess.writeConfig(temp, temp.resolve("data"));
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config);
             Admin admin = Admin.create(broker.clientProperties())) {
            // Given
            ConfigsClient configs = new ConfigsClient(admin, broker.clientProperties());
            admin.createTopics(List.of(new NewTopic("plain", 1, (short) 1), new NewTopic("own", 1, (short) 1)
                    .configs(Map.of("max.message.bytes", "100000")))).all().get();

            // When
            configs.alter(CLUSTER_DEFAULT, set("message.max.bytes", "2000"));
            configs.alter(BROKER, set("log.retention.ms", "7200000"));

            // Then
            ExecutionException tooLarge = assertThrows(ExecutionException.class,
                    () -> configs.produce(List.of(new ProducerRecord<>("plain", "x".repeat(5000)))));
            assertInstanceOf(RecordTooLargeException.class, tooLarge.getCause());
            configs.produce(List.of(new ProducerRecord<>("own", "x".repeat(5000))));
            assertDynamic(configs);
            assertEquals(0, broker.stop());
        }
        try (BrokerProcess restarted = BrokerProcess.start(BrokerProcess.distribution(), config);
             Admin admin = Admin.create(restarted.clientProperties())) {
            ConfigsClient configs = new ConfigsClient(admin, restarted.clientProperties());
            assertDynamic(configs);
            assertEquals("100000", configs.value(topic("own"), "max.message.bytes"));
            ExecutionException tooLarge = assertThrows(ExecutionException.class,
                    () -> configs.produce(List.of(new ProducerRecord<>("plain", "x".repeat(5000)))));
            assertInstanceOf(RecordTooLargeException.class, tooLarge.getCause());

            configs.alter(CLUSTER_DEFAULT, delete("message.max.bytes"));
            configs.produce(List.of(new ProducerRecord<>("plain", "x".repeat(5000))));
            assertEquals(0, restarted.stop());
        }
    }

    private static void assertDynamic(ConfigsClient configs) throws Exception {
        ConfigEntry maxBytes = configs.entry(topic("plain"), "max.message.bytes");
        assertEquals("2000", maxBytes.value());
        assertEquals(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, maxBytes.source());
        assertEquals(ConfigSource.DYNAMIC_BROKER_CONFIG, configs.entry(topic("plain"), "retention.ms").source());
        assertEquals("7200000", configs.value(BROKER, "log.retention.ms"));
        assertEquals(List.of("message.max.bytes"), configs.describe(CLUSTER_DEFAULT).entries().stream()
                .map(ConfigEntry::name).toList());
    }

    private static List<String> synonyms(ConfigEntry entry) {
        return entry.synonyms().stream().map(synonym -> synonym.name() + "=" + synonym.value() + " " + synonym.source())
                .toList();
    }

    private static Map<String, ConfigEntry> entries(java.util.Collection<ConfigEntry> entries) {
        return entries.stream().collect(java.util.stream.Collectors.toMap(ConfigEntry::name, entry -> entry));
    }

    private static List<ProducerRecord<String, String>> records(String topic, int count, int valueBytes) {
        return IntStream.range(0, count).mapToObj(i -> new ProducerRecord<String, String>(topic, "v".repeat(valueBytes)))
                .toList();
    }

    private static long segmentFiles(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".log")).count();
        }
    }

    private static ConsumerRecord<String, String> consumeAt(BrokerProcess broker, TopicPartition partition,
                                                           long offset) {
        Properties properties = broker.clientProperties();
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            long deadline = System.currentTimeMillis() + Await.TIMEOUT.toMillis();
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        return record;
                    }
                }
            }
            throw new AssertionError("offset " + offset + " was not consumed");
        }
    }
}
