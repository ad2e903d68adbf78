package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client sending bytes that are not Kafka requests loses its connection; everyone else is still served. */
class BadInputIT {

    private static final int MAX_REQUEST_BYTES = 1024 * 1024;

    @TempDir
    static Path temp;
    static BrokerProcess broker;

    @BeforeAll
    static void startBroker() throws Exception {
        Path config = BrokerProcess.writeConfig(temp, temp.resolve("data"),
                "socket.request.max.bytes = " + MAX_REQUEST_BYTES);
        broker = BrokerProcess.start(BrokerProcess.distribution(), config);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        assertEquals(0, broker.stop());
    }

    @Test
    void aFrameLargerThanTheLimitIsDisconnected() throws Exception {
        int clientPort;
        try (Socket socket = connect()) {
            clientPort = socket.getLocalPort();
            new DataOutputStream(socket.getOutputStream()).writeInt(MAX_REQUEST_BYTES + 1);
            assertClosedByBroker(socket);
        }
        assertOtherClientsAreServed("after-oversized-frame");
        assertTrue(broker.output().contains("127.0.0.1:" + clientPort), "one log line names the client\n"
                + broker.output());
    }

    @Test
    void aNegativeFrameSizeIsDisconnected() throws Exception {
        try (Socket socket = connect()) {
            new DataOutputStream(socket.getOutputStream()).writeInt(-5);
            assertClosedByBroker(socket);
        }
        assertOtherClientsAreServed("after-negative-size");
    }

    @Test
    void garbageBytesAreDisconnected() throws Exception {
        byte[] garbage = new byte[200];
        new Random(42).nextBytes(garbage);
        try (Socket socket = connect()) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(garbage.length);
            out.write(garbage);
            out.flush();
            assertClosedByBroker(socket);
        }
        assertOtherClientsAreServed("after-garbage");
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", broker.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void assertClosedByBroker(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            assertEquals(-1, in.read(), "the broker should close the connection without answering");
        } catch (SocketException reset) {
            // a reset is a close too
        }
    }

    private static void assertOtherClientsAreServed(String topic) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            admin.createTopics(Set.of(new NewTopic(topic, 1, (short) 1))).all().get();
            assertTrue(admin.listTopics().names().get().contains(topic));
        }
    }
}
