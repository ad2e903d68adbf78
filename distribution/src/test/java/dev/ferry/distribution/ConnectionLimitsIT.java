package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connection and request limits, with Kafka's key names, against the distribution over real sockets. */
class ConnectionLimitsIT {

    @TempDir
    Path temp;

    @Test
    void aClientAddressOverMaxConnectionsPerIpIsClosedAfterAccept() throws Exception {
        try (BrokerProcess broker = start("\"max.connections.per.ip\" = 3")) {
            // Given
            List<RawKafkaConnection> held = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                held.add(RawKafkaConnection.open(broker.port()));
                assertTrue(held.get(i).isServed());
            }

            // When
            try (RawKafkaConnection fourth = RawKafkaConnection.open(broker.port())) {

                // Then
                assertTrue(fourth.isClosedByBroker());
                broker.awaitOutput("127.0.0.1:" + fourth.localPort()
                        + ": too many connections from 127.0.0.1 (max.connections.per.ip 3)");
            }
            held.remove(0).close();
            Await.until(() -> "a freed slot is not given to a new connection", () -> {
                try (RawKafkaConnection again = RawKafkaConnection.open(broker.port())) {
                    return again.isServed();
                }
            });
            closeAll(held);
            assertEquals(0, broker.stop());
        }
    }

    @Test
    void anOverrideLetsOneAddressPastThePerIpLimitButNotPastMaxConnections() throws Exception {
        try (BrokerProcess broker = start("\"max.connections\" = 4", "\"max.connections.per.ip\" = 1",
                "\"max.connections.per.ip.overrides\" = \"127.0.0.2:10\"")) {
            List<RawKafkaConnection> held = new ArrayList<>();
            held.add(RawKafkaConnection.open(broker.port()));
            assertTrue(held.get(0).isServed());
            try (RawKafkaConnection second = RawKafkaConnection.open(broker.port())) {
                assertTrue(second.isClosedByBroker(), "127.0.0.1 may hold one connection");
            }
            for (int i = 0; i < 3; i++) {
                held.add(RawKafkaConnection.openFrom("127.0.0.2", broker.port()));
                assertTrue(held.get(held.size() - 1).isServed(), "127.0.0.2 may hold ten connections");
            }

            try (RawKafkaConnection fifth = RawKafkaConnection.openFrom("127.0.0.2", broker.port())) {
                assertTrue(fifth.isClosedByBroker(), "the broker holds four connections in all");
                broker.awaitOutput("127.0.0.2:" + fifth.localPort() + ": too many connections (max.connections 4)");
            }
            closeAll(held);
            assertEquals(0, broker.stop());
        }
    }

    @Test
    void aConnectionIdleForConnectionsMaxIdleMsIsClosed() throws Exception {
        try (BrokerProcess broker = start("connections.max.idle.ms = 1000");
             RawKafkaConnection idle = RawKafkaConnection.open(broker.port())) {
            assertTrue(idle.isServed());

            assertTrue(idle.isClosedByBroker());
        }
    }

    /**
     * With one request allowed in flight broker-wide, a burst of CreateTopics (disk work, done one after the other)
     * holds the gate: another connection's next request is read only once the burst is answered. (That connection's
     * first request is read before it sees the gate closed: a connection stops at its next read.)
     */
    @Test
    void atQueuedMaxRequestsConnectionsStopReadingUntilRequestsAreAnswered() throws Exception {
        try (BrokerProcess broker = start("queued.max.requests = 1");
             RawKafkaConnection creating = RawKafkaConnection.open(broker.port());
             RawKafkaConnection other = RawKafkaConnection.open(broker.port())) {
            // Given requests in flight for a while
            List<RequestHeader> burst = new ArrayList<>();
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            for (int i = 0; i < 16; i++) {
                CreateTopicsRequest request = createTopic("held-" + i);
                RequestHeader header = creating.header(ApiKeys.CREATE_TOPICS, request.version());
                ByteBuffer frame = request.serializeWithHeader(header);
                new DataOutputStream(frames).writeInt(frame.remaining());
                frames.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
                burst.add(header);
            }
            creating.sendRaw(frames.toByteArray());
            // the burst's second-to-last answer: the last one and the next request's answer race between two readers
            CompletableFuture<Long> burstAnsweredAt = answeredAt(creating, burst.subList(0, burst.size() - 1));
            Thread.sleep(300);
            assertTrue(other.isServed());

            // When
            RequestHeader next = other.send(new ApiVersionsRequest.Builder().build((short) 3));
            CompletableFuture<Long> nextAnsweredAt = answeredAt(other, List.of(next));

            // Then
            assertTrue(nextAnsweredAt.get() >= burstAnsweredAt.get(),
                    "the request was answered before the ones holding the gate");
            assertTrue(other.isServed());
        }
    }

    private BrokerProcess start(String... lines) throws Exception {
        return BrokerProcess.start(BrokerProcess.distribution(),
                BrokerProcess.writeConfig(temp, temp.resolve("data-" + System.nanoTime()), lines));
    }

    private static CreateTopicsRequest createTopic(String name) {
        return new CreateTopicsRequest.Builder(new CreateTopicsRequestData().setTimeoutMs(30_000).setTopics(
                new CreatableTopicCollection(List.of(new CreatableTopic().setName(name).setNumPartitions(50)
                        .setReplicationFactor((short) 1)).iterator()))).build((short) 7);
    }

    /** When the last of the responses arrives, read on another thread. */
    private static CompletableFuture<Long> answeredAt(RawKafkaConnection connection, List<RequestHeader> headers) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                for (RequestHeader header : headers) {
                    connection.receive(header);
                }
                return System.nanoTime();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void closeAll(List<RawKafkaConnection> connections) throws Exception {
        for (RawKafkaConnection connection : connections) {
            connection.close();
        }
    }
}
