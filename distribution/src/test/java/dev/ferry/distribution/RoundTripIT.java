package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first promise: what a real Kafka producer writes, a real consumer reads back, before and after a restart. */
class RoundTripIT {

    private static final String TOPIC = "round-trip";
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 10_000;

    @TempDir
    Path temp;

    @Test
    void recordsProducedWithAcksAllAreReadBackExactlyBeforeAndAfterARestart() throws Exception {
        // Given
        Path config = BrokerProcess.writeConfig(temp, temp.resolve("data"));
        Map<Integer, RecordMetadata> written;
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config)) {
            try (Admin admin = Admin.create(broker.clientProperties())) {
                admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
            }

            // When
            written = produce(broker);

            // Then
            assertReadBack(broker, written);
            assertEquals(0, broker.stop(), "exit code after SIGTERM");
        }
        try (BrokerProcess restarted = BrokerProcess.start(BrokerProcess.distribution(), config)) {
            assertReadBack(restarted, written);
            assertEquals(0, restarted.stop(), "exit code after SIGTERM");
        }
    }

    private static Map<Integer, RecordMetadata> produce(BrokerProcess broker) throws Exception {
        Properties properties = broker.clientProperties();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, key(i), value(i));
                record.headers().add("index", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
                sends.add(producer.send(record));
            }
            producer.flush();
        }
        Map<Integer, RecordMetadata> written = new HashMap<>();
        for (int i = 0; i < RECORDS; i++) {
            written.put(i, sends.get(i).get());
        }
        return written;
    }

    private static void assertReadBack(BrokerProcess broker, Map<Integer, RecordMetadata> written) {
        Properties properties = broker.clientProperties();
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        Map<Integer, ConsumerRecord<String, String>> read = new HashMap<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(TOPIC, p));
            }
            consumer.assign(partitions);
            partitions.forEach(partition -> consumer.seek(partition, 0));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read.size() < RECORDS && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    Header index = record.headers().lastHeader("index");
                    assertNotNull(index, "header 'index' of " + record);
                    int i = Integer.parseInt(new String(index.value(), StandardCharsets.UTF_8));
                    read.put(i, record);
                }
            }
        }
        assertEquals(RECORDS, read.size(), "records read back");
        Map<Integer, Long> countByPartition = new HashMap<>();
        written.values().forEach(m -> countByPartition.merge(m.partition(), 1L, Long::sum));
        for (Map.Entry<Integer, Long> partition : countByPartition.entrySet()) {
            long[] offsets = read.values().stream().filter(r -> r.partition() == partition.getKey())
                    .mapToLong(ConsumerRecord::offset).sorted().toArray();
            assertEquals(partition.getValue(), offsets.length);
            assertEquals(partition.getValue() - 1, offsets[offsets.length - 1], "offsets of partition "
                    + partition.getKey() + " run from 0 without gaps");
        }
        for (int i = 0; i < RECORDS; i++) {
            ConsumerRecord<String, String> record = read.get(i);
            RecordMetadata metadata = written.get(i);
            assertEquals(key(i), record.key());
            assertEquals(value(i), record.value());
            assertArrayEquals(Integer.toString(i).getBytes(StandardCharsets.UTF_8),
                    record.headers().lastHeader("index").value());
            assertEquals(metadata.partition(), record.partition(), "partition of record " + i);
            assertEquals(metadata.offset(), record.offset(), "offset of record " + i);
        }
    }

    private static String key(int i) {
        return "key-" + i;
    }

    private static String value(int i) {
        return "value-" + i + "-" + "x".repeat(i % 100);
    }
}
