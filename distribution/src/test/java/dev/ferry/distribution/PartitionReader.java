package dev.ferry.distribution;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads one partition from its earliest offset with a real consumer, assigned (no group). */
final class PartitionReader {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration AWAIT_TIMEOUT = Duration.ofSeconds(60);

    private PartitionReader() {
    }

    /** Every record a consumer of this isolation level ({@code read_committed} or {@code read_uncommitted}) sees. */
    static List<ConsumerRecord<String, String>> readAll(BrokerProcess broker, TopicPartition partition,
                                                        String isolationLevel) {
        Properties properties = broker.clientProperties();
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        try (KafkaConsumer<String, String> consumer = fromEarliest(properties, partition)) {
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("reading " + partition + " stopped at " + consumer.position(partition)
                            + " before its end " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /**
     * The values of the partition's records, in offset order, once {@code expected} came or 60 s have passed: for
     * records that something else is still writing.
     */
    static List<String> read(BrokerProcess broker, TopicPartition partition, int expected) {
        try (KafkaConsumer<String, String> consumer = fromEarliest(broker.clientProperties(), partition)) {
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + AWAIT_TIMEOUT.toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }

    private static KafkaConsumer<String, String> fromEarliest(Properties properties, TopicPartition partition) {
        KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        return consumer;
    }
}
