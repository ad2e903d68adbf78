package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kafka-transactions}, as an operator runs it against open transactions of two producers. */
class TransactionsCliIT {

    private static final String TRANSACTIONS = "org.apache.kafka.tools.TransactionsCommand";

    @TempDir
    Path temp;

    @Test
    void listDescribeFindHangingAbortAndForceTerminateTransactions() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(),
                BrokerProcess.writeConfig(temp, temp.resolve("data")));
             Admin admin = Admin.create(broker.clientProperties());
             KafkaProducer<String, String> writer = openTransaction(broker, "cli-writer", "cli-orders");
             KafkaProducer<String, String> stuck = openTransaction(broker, "cli-stuck", "cli-stuck")) {
            String server = broker.bootstrapServers();
            long stuckProducer = admin.describeProducers(List.of(new TopicPartition("cli-stuck", 0)))
                    .partitionResult(new TopicPartition("cli-stuck", 0)).get().activeProducers().get(0).producerId();

            String listed = KafkaCli.run(TRANSACTIONS, "--bootstrap-server", server, "list");
            String described = KafkaCli.run(TRANSACTIONS, "--bootstrap-server", server, "describe",
                    "--transactional-id", "cli-writer");
            String producers = KafkaCli.run(TRANSACTIONS, "--bootstrap-server", server, "describe-producers",
                    "--topic", "cli-stuck", "--partition", "0");
            String hanging = KafkaCli.run(TRANSACTIONS, "--bootstrap-server", server, "find-hanging",
                    "--broker-id", "1");
            String aborted = KafkaCli.run(TRANSACTIONS, "--bootstrap-server", server, "abort",
                    "--topic", "cli-stuck", "--partition", "0", "--start-offset", "0");
            String afterAbort = KafkaCli.run(TRANSACTIONS, "--bootstrap-server", server, "describe-producers",
                    "--topic", "cli-stuck", "--partition", "0");
            KafkaCli.run(TRANSACTIONS, "--bootstrap-server", server, "forceTerminateTransaction",
                    "--transactionalId", "cli-writer");

            KafkaCli.assertPrinted(listed, "cli-writer");
            KafkaCli.assertPrinted(listed, "Ongoing");
            KafkaCli.assertPrinted(described, "Ongoing");
            KafkaCli.assertPrinted(described, "cli-orders-0");
            assertEquals(stuckProducer + " 0 0", row(producers, stuckProducer), producers);
            assertEquals(1, hanging.strip().lines().count(), "only the header: both transactions are recent\n"
                    + hanging);
            assertEquals("", aborted.strip(), aborted);
            assertEquals(stuckProducer + " 0 None", row(afterAbort, stuckProducer), afterAbort);
            assertThrows(KafkaException.class, writer::commitTransaction, "force-terminated");
        }
    }

    private static KafkaProducer<String, String> openTransaction(BrokerProcess broker, String transactionalId,
                                                                 String topic) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Properties properties = broker.clientProperties();
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new StringSerializer());
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic, "k", "v"));
        producer.flush();
        return producer;
    }

    /** The producer's row of describe-producers: its id, its epoch and its open transaction's start offset. */
    private static String row(String printed, long producerId) {
        String row = printed.lines().filter(line -> line.startsWith(producerId + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + producerId + " in:\n" + printed));
        String[] columns = row.trim().split("\\s+");
        return columns[0] + " " + columns[1] + " " + columns[columns.length - 1];
    }
}
