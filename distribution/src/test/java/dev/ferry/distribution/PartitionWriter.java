package dev.ferry.distribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** Fills one partition with keyed records through a real producer with its defaults (idempotent, acks=all). */
final class PartitionWriter {

    private PartitionWriter() {
    }

    /** Sends {@code key-i}/{@code value-i} for i from 0 to {@code records - 1} and waits until all are acknowledged. */
    static void produce(BrokerProcess broker, String topic, int partition, int records) throws Exception {
        Properties properties = broker.clientProperties();
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, partition, "key-" + i, "value-" + i)));
            }
            for (Future<RecordMetadata> acknowledged : sent) {
                acknowledged.get(); // a failed send fails the test here, not in a later assertion
            }
        }
    }
}
