package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ListOffsets by time and DeleteRecords, as the real Admin client and consumer use them, over many segments. The
 * lookups stay above offset 120, where the DeleteRecords test moves the log start, so the order of tests is free.
 */
class LogApisIT {

    private static final String TOPIC = "timestamps";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final long BASE_TIME = 1_700_000_000_000L;
    private static final int RECORDS = 500;

    @TempDir
    static Path temp;
    static BrokerProcess broker;
    static Admin admin;

    @BeforeAll
    static void startBrokerAndProduce() throws Exception {
        broker = BrokerProcess.start(BrokerProcess.distribution(), BrokerProcess.writeConfig(temp, temp.resolve("data")));
        admin = Admin.create(broker.clientProperties());
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1).configs(Map.of("segment.bytes", "4096"))))
                .all().get();
        Properties properties = broker.clientProperties();
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                // record i has timestamp BASE_TIME + 10 * i
                producer.send(new ProducerRecord<>(TOPIC, 0, BASE_TIME + 10L * i, "k" + i, "v" + i)).get();
            }
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        admin.close();
        assertEquals(0, broker.stop());
    }

    @Test
    void listOffsetsFindsRecordsByTimestamp() throws Exception {
        assertEquals(250, listOffset(OffsetSpec.forTimestamp(BASE_TIME + 2500)).offset());
        assertEquals(251, listOffset(OffsetSpec.forTimestamp(BASE_TIME + 2505)).offset());
        assertEquals(-1, listOffset(OffsetSpec.forTimestamp(BASE_TIME + 10L * RECORDS)).offset());
        ListOffsetsResultInfo max = listOffset(OffsetSpec.maxTimestamp());
        assertEquals(RECORDS - 1, max.offset());
        assertEquals(BASE_TIME + 10L * (RECORDS - 1), max.timestamp());
        assertEquals(RECORDS, listOffset(OffsetSpec.latest()).offset());
    }

    @Test
    void theConsumerFindsOffsetsForTimes() {
        try (KafkaConsumer<String, String> consumer = consumer("earliest")) {
            Map<TopicPartition, OffsetAndTimestamp> found =
                    consumer.offsetsForTimes(Map.of(PARTITION, BASE_TIME + 3000), Duration.ofSeconds(10));
            assertEquals(300, found.get(PARTITION).offset());
            assertEquals(BASE_TIME + 3000, found.get(PARTITION).timestamp());
            assertNull(consumer.offsetsForTimes(Map.of(PARTITION, BASE_TIME + 10_000_000), Duration.ofSeconds(10))
                    .get(PARTITION));
        }
    }

    @Test
    void deleteRecordsMovesTheLogStartAndReadsBelowItAreOutOfRange() throws Exception {
        long lowWatermark = admin.deleteRecords(Map.of(PARTITION, RecordsToDelete.beforeOffset(120)))
                .lowWatermarks().get(PARTITION).get().lowWatermark();

        assertEquals(120, lowWatermark);
        assertEquals(120, listOffset(OffsetSpec.earliest()).offset());
        try (KafkaConsumer<String, String> consumer = consumer("none")) {
            consumer.assign(List.of(PARTITION));
            consumer.seek(PARTITION, 10);
            assertThrows(OffsetOutOfRangeException.class, () -> consumer.poll(Duration.ofSeconds(10)));
            consumer.seek(PARTITION, 120);
            assertEquals("v120", consumer.poll(Duration.ofSeconds(10)).iterator().next().value());
        }
        ExecutionException beyond = assertThrows(ExecutionException.class, () -> admin.deleteRecords(
                Map.of(PARTITION, RecordsToDelete.beforeOffset(RECORDS + 1))).all().get());
        assertInstanceOf(org.apache.kafka.common.errors.OffsetOutOfRangeException.class, beyond.getCause());
    }

    private static ListOffsetsResultInfo listOffset(OffsetSpec spec) throws Exception {
        return admin.listOffsets(Map.of(PARTITION, spec)).partitionResult(PARTITION).get();
    }

    private static KafkaConsumer<String, String> consumer(String offsetReset) {
        Properties properties = broker.clientProperties();
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }
}
