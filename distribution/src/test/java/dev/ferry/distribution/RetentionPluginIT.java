package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example retention plugin, dropped into a distribution as a user would, deletes what it says it deletes. */
class RetentionPluginIT {

    private static final String TOPIC = "keep-two-segments";

    @TempDir
    Path temp;

    @Test
    void aTopicUsingThePluginsPolicyKeepsOnlyItsNewestSegments() throws Exception {
        // Given
        Path home = BrokerProcess.copyOfDistribution(temp.resolve("broker"));
        Path data = temp.resolve("data");
        Path config = BrokerProcess.writeConfig(temp, data, "log.retention.check.interval.ms = 200");
        ExamplePlugins.assertTopicRefused(home, config, topic(), "keep-segments");
        ExamplePlugins.dropIn(home, "ferry.example.retention.jar");

        try (BrokerProcess broker = BrokerProcess.start(home, config);
             Admin admin = Admin.create(broker.clientProperties())) {
            assertTrue(broker.output().contains("Loaded plugin example-retention-keep-segments"), broker.output());
            admin.createTopics(List.of(topic())).all().get();

            // When
            produce(broker, 200);

            // Then
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (segmentFiles(data) > 3 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(3, segmentFiles(data), "two closed segments and the active one remain");
            long earliest = admin.listOffsets(Map.of(partition, OffsetSpec.earliest())).all().get()
                    .get(partition).offset();
            long latest = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get()
                    .get(partition).offset();
            assertTrue(earliest > 0, "the log start offset moved: " + earliest);
            assertEquals(200, latest);
            assertTrue(broker.output().contains("Retention deleted the records of " + TOPIC + "-0"), broker.output());
            assertEquals(0, broker.stop());
        }
    }

    private static NewTopic topic() {
        return new NewTopic(TOPIC, 1, (short) 1).configs(Map.of(
                "cleanup.policy", "keep-segments",
                "retention.segments", "2",
                "segment.bytes", "1024"));
    }

    private static void produce(BrokerProcess broker, int records) throws Exception {
        Properties properties = broker.clientProperties();
        properties.put(ProducerConfig.ACKS_CONFIG, "1");
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(TOPIC, new byte[100])).get();
            }
        }
    }

    private static long segmentFiles(Path data) throws IOException {
        try (Stream<Path> files = Files.list(data.resolve(TOPIC + "-0"))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".log")).count();
        }
    }
}
