package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.errors.ThrottlingQuotaExceededException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quotas beyond byte rates, enforced against the real AdminClient, producers and raw sockets:
 * controller_mutation_rate (KIP-599), request_percentage (KIP-124) and connection_creation_rate (KIP-612). Bounds
 * on time and counts are deliberately loose.
 */
class QuotaEnforcementIT {

    @TempDir
    Path temp;

    @Test
    void mutationsOverTheControllerMutationRateAreRefusedAndTheAdminsRetrySucceedsLater() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(),
                BrokerProcess.writeConfig(temp, temp.resolve("data")));
             Admin admin = admin(broker, "mutator");
             Admin other = admin(broker, "other")) {
            // Given: 2 partitions/s, a bucket of 22 (11 samples of 1 s)
            setQuota(admin, ClientQuotaEntity.CLIENT_ID, "mutator", "controller_mutation_rate", 2.0);
            // 30 partitions: accepted, as the bucket was not empty; now 8 below zero, 4 s to refill
            admin.createTopics(List.of(new NewTopic("first", 30, (short) 1))).all().get();

            // When: a strict request (CreateTopics v7) without the admin's retry
            ExecutionException refused = assertThrows(ExecutionException.class, () -> admin.createTopics(
                    List.of(new NewTopic("second", 1, (short) 1)),
                    new CreateTopicsOptions().retryOnQuotaViolation(false)).all().get());

            // Then
            ThrottlingQuotaExceededException throttled = assertInstanceOf(ThrottlingQuotaExceededException.class,
                    refused.getCause());
            assertTrue(throttled.throttleTimeMs() > 0 && throttled.throttleTimeMs() <= 4_000,
                    "throttle time " + throttled.throttleTimeMs());
            other.createTopics(List.of(new NewTopic("unlimited", 30, (short) 1))).all().get();
            // with its retry (the default) the admin waits for the bucket and gets the topic
            long start = System.nanoTime();
            admin.createTopics(List.of(new NewTopic("second", 1, (short) 1))).all().get();
            assertTrue(System.nanoTime() - start < 30_000_000_000L);
            assertTrue(admin.listTopics().names().get().contains("second"));
        }
    }

    @Test
    void aClientOverItsRequestPercentageIsThrottledAndAnotherIsNot() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(),
                BrokerProcess.writeConfig(temp, temp.resolve("data"), "quota.window.num = 2"));
             Admin admin = admin(broker, "admin")) {
            admin.createTopics(List.of(new NewTopic("requests", 1, (short) 1))).all().get();
            // Given: a thousandth of a thread, far less than a stream of produce requests takes
            setQuota(admin, ClientQuotaEntity.CLIENT_ID, "busy", "request_percentage", 0.1);

            // When
            double busy = produceFor(broker, "busy", 4_000);
            double idle = produceFor(broker, "idle", 4_000);

            // Then
            assertTrue(busy > 0, "busy produce-throttle-time-max " + busy);
            assertEquals(0.0, idle, "idle produce-throttle-time-max");
        }
    }

    @Test
    void connectionsOverTheCreationRateOfTheirAddressAreHeldAndClosed() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(),
                BrokerProcess.writeConfig(temp, temp.resolve("data"), "quota.window.num = 2"));
             Admin admin = admin(broker, "admin")) {
            // Given: 5 connections/s from 127.0.0.1
            setQuota(admin, ClientQuotaEntity.IP, "127.0.0.1", "connection_creation_rate", 5.0);

            // When: connections opened one after the other for 4 s
            int served = 0;
            int refused = 0;
            long end = System.currentTimeMillis() + 4_000;
            while (System.currentTimeMillis() < end) {
                if (served(broker)) {
                    served++;
                } else {
                    refused++;
                }
            }

            // Then: about 5/s with a window of 2 s served (a loose bound), the others refused
            assertTrue(refused > 0, "refused " + refused + ", served " + served);
            assertTrue(served >= 5 && served <= 40, "served " + served + ", refused " + refused);
        }
    }

    /** Whether a new connection gets an answer to ApiVersions v0, or is closed without one. */
    private static boolean served(BrokerProcess broker) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", broker.port())) {
            socket.setSoTimeout(10_000);
            byte[] clientId = "raw".getBytes(StandardCharsets.UTF_8);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(2 + 2 + 4 + 2 + clientId.length);
            out.writeShort(18);
            out.writeShort(0);
            out.writeInt(1);
            out.writeShort(clientId.length);
            out.write(clientId);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            in.readFully(new byte[size]);
            return true;
        } catch (EOFException | SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // a reset of a connection closed with the request unread
            return false;
        }
    }

    /** Produces small records one at a time for that long; returns the producer's produce-throttle-time-max. */
    private static double produceFor(BrokerProcess broker, String clientId, long millis) throws Exception {
        Properties props = broker.clientProperties();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long end = System.currentTimeMillis() + millis;
            while (System.currentTimeMillis() < end) {
                producer.send(new ProducerRecord<>("requests", new byte[10])).get();
            }
            return producer.metrics().entrySet().stream()
                    .filter(e -> e.getKey().group().equals("producer-metrics")
                            && e.getKey().name().equals("produce-throttle-time-max"))
                    .map(Map.Entry::getValue)
                    .map(Metric::metricValue)
                    .mapToDouble(value -> value instanceof Double d && !d.isNaN() ? d : 0.0)
                    .findFirst().orElseThrow();
        }
    }

    private static Admin admin(BrokerProcess broker, String clientId) {
        Properties props = broker.clientProperties();
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return Admin.create(props);
    }

    private static void setQuota(Admin admin, String type, String name, String key, double value) throws Exception {
        admin.alterClientQuotas(List.of(new ClientQuotaAlteration(new ClientQuotaEntity(Map.of(type, name)),
                List.of(new ClientQuotaAlteration.Op(key, value))))).all().get();
    }
}
