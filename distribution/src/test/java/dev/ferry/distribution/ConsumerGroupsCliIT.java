package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kafka-consumer-groups} as a user runs it: list, describe with lag, reset offsets, delete. */
class ConsumerGroupsCliIT {

    private static final String TOPIC = "cli";
    private static final String GROUP = "cli-group";

    @TempDir
    Path temp;

    @Test
    void listsDescribesWithLagResetsAndDeletes() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(),
                BrokerProcess.writeConfig(temp, temp.resolve("data")));
             Admin admin = Admin.create(broker.clientProperties())) {
            // Given: 5 records in each partition, the group 5 behind in partition 0 and 2 behind in partition 1
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
            produce(broker);
            commit(broker, Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(0),
                    new TopicPartition(TOPIC, 1), new OffsetAndMetadata(3)));
            String server = broker.bootstrapServers();

            // When, then
            assertTrue(KafkaCli.run(KafkaCli.CONSUMER_GROUPS, "--bootstrap-server", server, "--list").lines()
                    .anyMatch(GROUP::equals));

            String described = KafkaCli.run(KafkaCli.CONSUMER_GROUPS, "--bootstrap-server", server,
                    "--describe", "--group", GROUP);
            assertEquals(Map.of(0, "5", 1, "2"), lagByPartition(described), described);

            KafkaCli.run(KafkaCli.CONSUMER_GROUPS, "--bootstrap-server", server, "--reset-offsets", "--group", GROUP,
                    "--topic", TOPIC, "--to-latest", "--execute");
            String reset = KafkaCli.run(KafkaCli.CONSUMER_GROUPS, "--bootstrap-server", server,
                    "--describe", "--group", GROUP);
            assertEquals(Map.of(0, "0", 1, "0"), lagByPartition(reset), reset);

            KafkaCli.run(KafkaCli.CONSUMER_GROUPS, "--bootstrap-server", server, "--delete", "--group", GROUP);
            assertFalse(KafkaCli.run(KafkaCli.CONSUMER_GROUPS, "--bootstrap-server", server, "--list").lines()
                    .anyMatch(GROUP::equals));
            assertEquals(0, broker.stop());
        }
    }

    /** The LAG column of {@code --describe}, by partition. */
    private static Map<Integer, String> lagByPartition(String described) {
        List<String> lines = described.lines().filter(line -> !line.isBlank()).toList();
        List<String> header = List.of(lines.stream().filter(line -> line.startsWith("GROUP")).findFirst()
                .orElseThrow(() -> new AssertionError("no table:\n" + described)).trim().split("\\s+"));
        int partition = header.indexOf("PARTITION");
        int lag = header.indexOf("LAG");
        return lines.stream().filter(line -> line.startsWith(GROUP + " "))
                .map(line -> line.trim().split("\\s+"))
                .collect(Collectors.toMap(row -> Integer.parseInt(row[partition]), row -> row[lag]));
    }

    private static void produce(BrokerProcess broker) throws Exception {
        Properties properties = broker.clientProperties();
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % 2, "k" + i, "v" + i)).get();
            }
        }
    }

    private static void commit(BrokerProcess broker, Map<TopicPartition, OffsetAndMetadata> offsets) {
        Properties properties = broker.clientProperties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(offsets.keySet());
            consumer.commitSync(offsets);
        }
    }
}
