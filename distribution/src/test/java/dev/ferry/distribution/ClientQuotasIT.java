package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterClientQuotasOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client quotas with the real AdminClient, producer and consumer: stored, described by Kafka's filters, kept over a
 * restart, and byte rates enforced. Rates are measured over 3 windows of 1 s (a 2 s grace at the start instead of
 * Kafka's 10 s) so that throttling shows with little data; the checks on time are deliberately loose.
 */
class ClientQuotasIT {

    private static final int QUOTA = 100_000;
    private static final int RECORD_BYTES = 1_000;
    private static final int RECORDS = 1_000;

    @TempDir
    Path temp;

    @Test
    void quotasAreAlteredDescribedAndKeptOverARestart() throws Exception {
        Path config = BrokerProcess.writeConfig(temp, temp.resolve("data"));
        ClientQuotaEntity app = entity(ClientQuotaEntity.CLIENT_ID, "app");
        ClientQuotaEntity defaultClient = entity(ClientQuotaEntity.CLIENT_ID, null);
        ClientQuotaEntity userApp = new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, "alice",
                ClientQuotaEntity.CLIENT_ID, "app"));
        ClientQuotaEntity ip = entity(ClientQuotaEntity.IP, "127.0.0.1");
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config);
             Admin admin = Admin.create(broker.clientProperties())) {
            // When
            admin.alterClientQuotas(List.of(
                    alteration(app, "producer_byte_rate", 1024.0, "consumer_byte_rate", 2048.0),
                    alteration(defaultClient, "producer_byte_rate", 4096.0),
                    alteration(userApp, "request_percentage", 50.5, "controller_mutation_rate", 10.0),
                    alteration(ip, "connection_creation_rate", 20.0))).all().get();

            // Then
            assertEquals(Map.of(app, Map.of("producer_byte_rate", 1024.0, "consumer_byte_rate", 2048.0),
                    defaultClient, Map.of("producer_byte_rate", 4096.0),
                    userApp, Map.of("request_percentage", 50.5, "controller_mutation_rate", 10.0),
                    ip, Map.of("connection_creation_rate", 20.0)), describe(admin, ClientQuotaFilter.all()));
            assertEquals(Map.of(app, Map.of("producer_byte_rate", 1024.0, "consumer_byte_rate", 2048.0),
                    userApp, Map.of("request_percentage", 50.5, "controller_mutation_rate", 10.0)),
                    describe(admin, ClientQuotaFilter.contains(List.of(
                            ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.CLIENT_ID, "app")))));
            assertEquals(Map.of(app, Map.of("producer_byte_rate", 1024.0, "consumer_byte_rate", 2048.0)),
                    describe(admin, ClientQuotaFilter.containsOnly(List.of(
                            ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.CLIENT_ID, "app")))));
            assertEquals(Map.of(defaultClient, Map.of("producer_byte_rate", 4096.0)),
                    describe(admin, ClientQuotaFilter.contains(List.of(
                            ClientQuotaFilterComponent.ofDefaultEntity(ClientQuotaEntity.CLIENT_ID)))));
            assertEquals(Map.of(userApp, Map.of("request_percentage", 50.5, "controller_mutation_rate", 10.0)),
                    describe(admin, ClientQuotaFilter.contains(List.of(
                            ClientQuotaFilterComponent.ofEntityType(ClientQuotaEntity.USER)))));

            // a removal, a validate-only change, and refusals with Kafka's messages
            admin.alterClientQuotas(List.of(alteration(app, "producer_byte_rate", null))).all().get();
            admin.alterClientQuotas(List.of(alteration(app, "consumer_byte_rate", 1.0)),
                    new AlterClientQuotasOptions().validateOnly(true)).all().get();
            assertEquals(Map.of(app, Map.of("consumer_byte_rate", 2048.0)), describe(admin,
                    ClientQuotaFilter.containsOnly(List.of(
                            ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.CLIENT_ID, "app")))));
            assertEquals("Invalid configuration key unknown_rate",
                    refusal(admin, alteration(app, "unknown_rate", 1.0)));
            assertEquals("producer_byte_rate cannot be a fractional value.",
                    refusal(admin, alteration(app, "producer_byte_rate", 1.5)));
            assertEquals("Invalid configuration key producer_byte_rate",
                    refusal(admin, alteration(ip, "producer_byte_rate", 100.0)));
            ExecutionException badFilter = assertThrows(ExecutionException.class, () -> describe(admin,
                    ClientQuotaFilter.contains(List.of(ClientQuotaFilterComponent.ofEntityType(ClientQuotaEntity.IP),
                            ClientQuotaFilterComponent.ofEntityType(ClientQuotaEntity.USER)))));
            assertInstanceOf(InvalidRequestException.class, badFilter.getCause());
            assertEquals(0, broker.stop());
        }

        // When
        try (BrokerProcess restarted = BrokerProcess.start(BrokerProcess.distribution(), config);
             Admin admin = Admin.create(restarted.clientProperties())) {

            // Then
            assertEquals(Map.of(app, Map.of("consumer_byte_rate", 2048.0),
                    defaultClient, Map.of("producer_byte_rate", 4096.0),
                    userApp, Map.of("request_percentage", 50.5, "controller_mutation_rate", 10.0),
                    ip, Map.of("connection_creation_rate", 20.0)), describe(admin, ClientQuotaFilter.all()));
            assertEquals(0, restarted.stop());
        }
    }

    @Test
    void aProducerOverItsByteRateIsThrottledAndAnotherClientIsNot() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(),
                BrokerProcess.writeConfig(temp, temp.resolve("data"), "quota.window.num = 3"));
             Admin admin = Admin.create(broker.clientProperties())) {
            // Given
            admin.createTopics(List.of(new NewTopic("quota", 1, (short) 1))).all().get();
            admin.alterClientQuotas(List.of(alteration(entity(ClientQuotaEntity.CLIENT_ID, "slow-producer"),
                    "producer_byte_rate", (double) QUOTA))).all().get();

            // When
            Transfer fast = produce(broker, "fast-producer");
            Transfer slow = produce(broker, "slow-producer");

            // Then
            assertThrottled(fast, slow);
        }
    }

    @Test
    void aConsumerOverItsByteRateIsThrottledAndAnotherClientIsNot() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(),
                BrokerProcess.writeConfig(temp, temp.resolve("data"), "quota.window.num = 3"));
             Admin admin = Admin.create(broker.clientProperties())) {
            // Given
            admin.createTopics(List.of(new NewTopic("quota", 1, (short) 1))).all().get();
            produce(broker, "writer");
            admin.alterClientQuotas(List.of(alteration(entity(ClientQuotaEntity.CLIENT_ID, "slow-consumer"),
                    "consumer_byte_rate", (double) QUOTA))).all().get();

            // When
            Transfer fast = consume(broker, "fast-consumer");
            Transfer slow = consume(broker, "slow-consumer");

            // Then
            assertThrottled(fast, slow);
        }
    }

    /** How long a client took to send or receive the records, and its throttle-time-avg metric after. */
    private record Transfer(long millis, double throttleTimeAvg) {
    }

    /**
     * The throttled client reports throttle time and stays near its quota (at most 2.5 times it, the grace window
     * included), clearly slower than the other, which is not throttled.
     */
    private static void assertThrottled(Transfer fast, Transfer slow) {
        assertEquals(0.0, fast.throttleTimeAvg());
        assertTrue(slow.throttleTimeAvg() > 0, "throttle-time-avg " + slow.throttleTimeAvg());
        assertTrue(slow.millis() > 3_000 && slow.millis() > 2 * fast.millis(),
                "slow " + slow.millis() + " ms, fast " + fast.millis() + " ms");
        assertTrue(RECORDS * RECORD_BYTES * 1000L / slow.millis() < 2.5 * QUOTA, "slow took " + slow.millis() + " ms");
    }

    private static Transfer produce(BrokerProcess broker, String clientId) {
        Properties properties = broker.clientProperties();
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        properties.put(ProducerConfig.ACKS_CONFIG, "1");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long started = System.nanoTime();
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>("quota", new byte[RECORD_BYTES]));
            }
            producer.flush();
            long millis = (System.nanoTime() - started) / 1_000_000;
            return new Transfer(millis, metric(producer.metrics(), "producer-metrics", "produce-throttle-time-avg"));
        }
    }

    private static Transfer consume(BrokerProcess broker, String clientId) {
        Properties properties = broker.clientProperties();
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition("quota", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long started = System.nanoTime();
            int read = 0;
            long deadline = System.currentTimeMillis() + 120_000;
            while (read < RECORDS && System.currentTimeMillis() < deadline) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(RECORDS, read);
            return new Transfer(millis, metric(consumer.metrics(), "consumer-fetch-manager-metrics",
                    "fetch-throttle-time-avg"));
        }
    }

    private static double metric(Map<MetricName, ? extends Metric> metrics, String group, String name) {
        return metrics.entrySet().stream()
                .filter(entry -> entry.getKey().group().equals(group) && entry.getKey().name().equals(name))
                .map(entry -> (Double) entry.getValue().metricValue())
                .findFirst().orElseThrow(() -> new AssertionError("no metric " + group + "/" + name));
    }

    private static Map<ClientQuotaEntity, Map<String, Double>> describe(Admin admin, ClientQuotaFilter filter)
            throws Exception {
        return admin.describeClientQuotas(filter).entities().get();
    }

    private static String refusal(Admin admin, ClientQuotaAlteration alteration) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> admin.alterClientQuotas(List.of(alteration)).all().get());
        assertInstanceOf(InvalidRequestException.class, e.getCause());
        return e.getCause().getMessage();
    }

    private static ClientQuotaEntity entity(String type, String name) {
        Map<String, String> entries = new HashMap<>();
        entries.put(type, name);
        return new ClientQuotaEntity(entries);
    }

    private static ClientQuotaAlteration alteration(ClientQuotaEntity entity, String key, Double value) {
        return new ClientQuotaAlteration(entity, List.of(new ClientQuotaAlteration.Op(key, value)));
    }

    private static ClientQuotaAlteration alteration(ClientQuotaEntity entity, String key1, Double value1,
                                                    String key2, Double value2) {
        return new ClientQuotaAlteration(entity, List.of(new ClientQuotaAlteration.Op(key1, value1),
                new ClientQuotaAlteration.Op(key2, value2)));
    }
}
