package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions across a crash (SIGKILL): a committed transaction and its offsets survive, an open one still holds
 * read_committed consumers back after the restart, and the next instance of its producer aborts it.
 */
class TransactionRecoveryIT {

    private static final TopicPartition PARTITION = new TopicPartition("ledger", 0);
    private static final TopicPartition INPUT = new TopicPartition("ledger-input", 0);

    @TempDir
    Path temp;

    @Test
    void committedTransactionsSurviveACrashAndAnOpenOneIsAbortedByTheNextInstance() throws Exception {
        Path config = BrokerProcess.writeConfig(temp, temp.resolve("data"));
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config);
             Admin admin = Admin.create(broker.clientProperties())) {
            admin.createTopics(List.of(new NewTopic("ledger", 1, (short) 1), new NewTopic("ledger-input", 1,
                    (short) 1))).all().get();
            KafkaProducer<String, String> producer = producer(broker);
            producer.initTransactions();
            producer.beginTransaction();
            send(producer, "committed-", 3);
            producer.sendOffsetsToTransaction(Map.of(INPUT, new OffsetAndMetadata(3)),
                    new ConsumerGroupMetadata("ledger-app"));
            producer.commitTransaction();
            producer.beginTransaction();
            send(producer, "open-", 2);
            producer.flush();

            assertEquals(137, broker.kill());
            producer.close(Duration.ZERO);
        }

        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config);
             Admin admin = Admin.create(broker.clientProperties())) {
            assertEquals(4, latestOffset(admin, IsolationLevel.READ_COMMITTED),
                    "the open transaction starts at offset 4, after three records and a commit marker");
            assertEquals(3, admin.listConsumerGroupOffsets("ledger-app").partitionsToOffsetAndMetadata().get()
                    .get(INPUT).offset());

            try (KafkaProducer<String, String> next = producer(broker)) {
                next.initTransactions();
            }

            Await.until(() -> "the open transaction to be aborted",
                    () -> latestOffset(admin, IsolationLevel.READ_COMMITTED) == 7);
            assertEquals(List.of("committed-0", "committed-1", "committed-2"), readCommitted(broker));
        }
    }

    private static KafkaProducer<String, String> producer(BrokerProcess broker) {
        Properties properties = broker.clientProperties();
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "ledger-writer");
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    private static void send(KafkaProducer<String, String> producer, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>("ledger", 0, "key", prefix + i));
        }
    }

    private static long latestOffset(Admin admin, IsolationLevel isolation) throws Exception {
        return admin.listOffsets(Map.of(PARTITION, OffsetSpec.latest()), new ListOffsetsOptions(isolation)).all()
                .get().get(PARTITION).offset();
    }

    private static List<String> readCommitted(BrokerProcess broker) {
        Properties properties = broker.clientProperties();
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(PARTITION));
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline && values.size() < 3) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            }
            consumer.poll(Duration.ofMillis(1000)).forEach(record -> values.add(record.value()));
        }
        return values;
    }
}
