package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example compaction plugin, dropped into a distribution as a user would, keeps what it says it keeps. */
class CompactionPluginIT {

    private static final String TOPIC = "keep-latest-two";
    private static final int KEYS = 50;
    private static final int VALUES = 20;
    private static final int KEPT = 2;
    private static final long SEGMENT_MS = 1_000;
    private static final String SENTINEL = "sentinel";

    @TempDir
    Path temp;

    @Test
    void aTopicUsingThePluginsPolicyKeepsTheLatestValuesOfEachKey() throws Exception {
        // Given
        Path home = BrokerProcess.copyOfDistribution(temp.resolve("broker"));
        Path data = temp.resolve("data");
        Path config = BrokerProcess.writeConfig(temp, data, "log.cleaner.backoff.ms = 200");
        ExamplePlugins.assertTopicRefused(home, config, topic(), "keep-latest");
        ExamplePlugins.dropIn(home, "ferry.example.compaction.jar");

        try (BrokerProcess broker = BrokerProcess.start(home, config);
             Admin admin = Admin.create(broker.clientProperties())) {
            assertTrue(broker.output().contains("Loaded plugin example-compaction-keep-latest"), broker.output());
            ExecutionException refused = assertThrows(ExecutionException.class, () -> admin.createTopics(List.of(
                    new NewTopic("bad-value", 1, (short) 1).configs(Map.of("cleanup.policy", "keep-latest",
                            "keep.latest.values", "three")))).all().get());
            assertEquals("Invalid value three for configuration keep.latest.values: Not a number of type INT",
                    refused.getCause().getMessage());
            ExecutionException twoCompactions = assertThrows(ExecutionException.class, () -> admin.createTopics(
                    List.of(new NewTopic("two-compactions", 1, (short) 1).configs(Map.of("cleanup.policy",
                            "compact,keep-latest")))).all().get());
            assertTrue(twoCompactions.getCause().getMessage().contains("a log is compacted by one policy"),
                    twoCompactions.getCause().getMessage());
            admin.createTopics(List.of(topic())).all().get();
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            List<String> expected = produce(broker);
            Path directory = data.resolve(TOPIC + "-0");
            assertTrue(PartitionFiles.segments(directory).size() > 2, "several segments to rewrite");

            // When
            rollTheActiveSegment(broker);
            expected.add(SENTINEL + "=" + SENTINEL);
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, TOPIC), List.of(
                    new AlterConfigOp(new ConfigEntry("min.compaction.lag.ms", "0"), AlterConfigOp.OpType.SET))))
                    .all().get();

            // Then
            AtomicReference<List<String>> read = new AtomicReference<>(List.of());
            Await.until(() -> "expected the latest " + KEPT + " values of each key, read " + read.get(), () -> {
                read.set(keysAndValues(PartitionReader.readAll(broker, partition, "read_uncommitted")));
                return read.get().equals(expected);
            });
            broker.awaitOutput("Cleaned log " + TOPIC + "-0 with policy keep-latest");
            PartitionFiles.verifyWithDumpLogSegments(directory);
            assertEquals(0, broker.stop());
        }
    }

    /**
     * {@code min.compaction.lag.ms} holds the cleaner back until every value is written and the test lowers it: a
     * cleaning in the middle would see only some values of a key in its dirty part, and keep older ones as well.
     */
    private static NewTopic topic() {
        return new NewTopic(TOPIC, 1, (short) 1).configs(Map.of(
                "cleanup.policy", "keep-latest",
                "keep.latest.values", Integer.toString(KEPT),
                "segment.bytes", "4096",
                "segment.ms", Long.toString(SEGMENT_MS),
                "min.cleanable.dirty.ratio", "0.01",
                "min.compaction.lag.ms", "3600000"));
    }

    /**
     * Writes {@link #VALUES} rounds of one value for each key, a batch a round.
     *
     * @return the records that should stay, as {@code key=value} in offset order: the last {@link #KEPT} rounds
     */
    private static List<String> produce(BrokerProcess broker) {
        List<String> latest = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(broker)) {
            for (int round = 0; round < VALUES; round++) {
                for (int key = 0; key < KEYS; key++) {
                    producer.send(new ProducerRecord<>(TOPIC, "k" + key, "v" + round));
                    if (round >= VALUES - KEPT) {
                        latest.add("k" + key + "=v" + round);
                    }
                }
                producer.flush();
            }
        }
        return latest;
    }

    /**
     * Writes one more record once {@code segment.ms} has passed since the last, so that it rolls a new active segment
     * and every record before it lies in closed segments the cleaner may take.
     */
    private static void rollTheActiveSegment(BrokerProcess broker) throws Exception {
        long rollAfter = System.currentTimeMillis() + SEGMENT_MS + 100;
        Await.until(() -> "the clock did not pass " + rollAfter, () -> System.currentTimeMillis() > rollAfter);
        try (KafkaProducer<String, String> producer = producer(broker)) {
            producer.send(new ProducerRecord<>(TOPIC, SENTINEL, SENTINEL)).get();
        }
    }

    private static KafkaProducer<String, String> producer(BrokerProcess broker) {
        Properties properties = broker.clientProperties();
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    private static List<String> keysAndValues(Collection<ConsumerRecord<String, String>> records) {
        return records.stream().map(record -> record.key() + "=" + record.value()).toList();
    }
}
