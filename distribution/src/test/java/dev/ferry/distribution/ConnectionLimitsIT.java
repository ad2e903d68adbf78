package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.JoinGroupRequest;
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
                assertTrue(broker.output().contains("127.0.0.1:" + fourth.localPort()
                        + ": too many connections from 127.0.0.1 (max.connections.per.ip 3)"), broker.output());
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
                assertTrue(broker.output().contains("127.0.0.2:" + fifth.localPort()
                        + ": too many connections (max.connections 4)"), broker.output());
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
     * With one request allowed in flight broker-wide, a JoinGroup waiting for the group's initial rebalance delay
     * holds the gate: another connection's next request is read only once the JoinGroup is answered. (That
     * connection's first request is read before it sees the gate closed: a connection stops at its next read.)
     */
    @Test
    void atQueuedMaxRequestsConnectionsStopReadingUntilRequestsAreAnswered() throws Exception {
        try (BrokerProcess broker = start("queued.max.requests = 1", "group.initial.rebalance.delay.ms = 4000");
             RawKafkaConnection joining = RawKafkaConnection.open(broker.port());
             RawKafkaConnection other = RawKafkaConnection.open(broker.port())) {
            // Given a request in flight for seconds
            RequestHeader join = joining.send(joinGroup());
            CompletableFuture<Long> joinAnsweredAt = answeredAt(joining, join);
            Thread.sleep(1000);
            assertTrue(other.isServed());

            // When
            RequestHeader next = other.send(new ApiVersionsRequest.Builder().build((short) 3));
            CompletableFuture<Long> nextAnsweredAt = answeredAt(other, next);

            // Then
            assertTrue(nextAnsweredAt.get() >= joinAnsweredAt.get(),
                    "the request was answered before the one holding the gate");
            assertTrue(other.isServed());
        }
    }

    private BrokerProcess start(String... lines) throws Exception {
        return BrokerProcess.start(BrokerProcess.distribution(),
                BrokerProcess.writeConfig(temp, temp.resolve("data-" + System.nanoTime()), lines));
    }

    private static JoinGroupRequest joinGroup() {
        JoinGroupRequestProtocolCollection protocols = new JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestProtocol().setName("range").setMetadata(new byte[0]));
        return new JoinGroupRequest.Builder(new JoinGroupRequestData()
                .setGroupId("gate-holder")
                .setSessionTimeoutMs(10_000)
                .setRebalanceTimeoutMs(10_000)
                .setMemberId("")
                .setProtocolType("consumer")
                .setProtocols(protocols)).build((short) 3);
    }

    /** When the response arrives, read on another thread. */
    private static CompletableFuture<Long> answeredAt(RawKafkaConnection connection, RequestHeader header) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                connection.receive(header);
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
