package dev.ferry.distribution;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads one partition from its start with a real consumer, assigned (no group), its values as strings. */
final class PartitionReader {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private PartitionReader() {
    }

    /** The values of the partition's records, in offset order, once {@code expected} came or 60 s have passed. */
    static List<String> read(BrokerProcess broker, TopicPartition partition, int expected) {
        Properties properties = broker.clientProperties();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }
}
