package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicCollection;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A client sending bytes that are not Kafka requests, or requests that do not parse, loses its connection with one
 * log line naming it; a request that parses but carries bad records gets an error code. Everyone else is still
 * served.
 */
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
        // the other tests close connections too: start a fresh second of the log's rate limit (10 lines a second)
        Thread.sleep(1_100);
        int clientPort;
        try (Socket socket = connect()) {
            clientPort = socket.getLocalPort();
            new DataOutputStream(socket.getOutputStream()).writeInt(MAX_REQUEST_BYTES + 1);
            assertClosedByBroker(socket);
        }
        assertOtherClientsAreServed("after-oversized-frame");
        broker.awaitOutput("127.0.0.1:" + clientPort);
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

    static Stream<Arguments> malformedRequests() {
        return Stream.of(
                Arguments.of("an empty frame", new byte[0]),
                Arguments.of("an unknown api key", concat(new byte[] {0x7d, 0x00, 0, 0}, new byte[] {0, 0, 0, 1},
                        new byte[] {-1, -1})),
                Arguments.of("an unsupported version of Metadata", RawKafkaConnection.headerOnly(
                        new RequestHeader(ApiKeys.METADATA, (short) 99, "bad", 1))),
                Arguments.of("a truncated CreateTopics", truncated(new CreateTopicsRequest.Builder(
                        new CreateTopicsRequestData().setTopics(new CreatableTopicCollection(List.of(
                                new CreatableTopic().setName("t").setNumPartitions(1).setReplicationFactor((short) 1))
                                .iterator()))).build((short) 7))),
                Arguments.of("a Metadata v12 promising 2^31 topics", concat(header(ApiKeys.METADATA, 12),
                        new byte[] {-1, -1, -1, -1, 0x07, 0, 0, 0})),
                Arguments.of("a CreateTopics v4 with a negative topic count", concat(header(ApiKeys.CREATE_TOPICS, 4),
                        new byte[] {-1, -1, -1, -5, 0, 0, 0, 0, 0})),
                Arguments.of("a DeleteGroups v0 with a negative string length", concat(header(ApiKeys.DELETE_GROUPS, 0),
                        new byte[] {0, 0, 0, 1, (byte) 0xff, (byte) 0xf0, 'g'})),
                Arguments.of("a DeleteGroups v0 with a string longer than the frame", concat(
                        header(ApiKeys.DELETE_GROUPS, 0), new byte[] {0, 0, 0, 1, 0x7f, -1, 'g'})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void aRequestThatDoesNotParseIsDisconnectedWithOneLogLine(String what, byte[] frame) throws Exception {
        int clientPort;
        try (RawKafkaConnection connection = RawKafkaConnection.open(broker.port())) {
            clientPort = connection.localPort();
            connection.sendFrame(frame);
            assertTrue(connection.isClosedByBroker(), what);
        }
        assertOtherClientsAreServed("after-" + clientPort);
        String line = "127.0.0.1:" + clientPort + ":";
        assertEquals(1, broker.output().split(Pattern.quote(line), -1).length - 1, "one log line names the client\n"
                + broker.output());
    }

    @Test
    void apiVersionsOfAnUnknownVersionIsAnsweredInV0WithUnsupportedVersion() throws Exception {
        try (RawKafkaConnection connection = RawKafkaConnection.open(broker.port())) {
            RequestHeader header = new RequestHeader(ApiKeys.API_VERSIONS, (short) 99, "future-client", 7);
            connection.sendFrame(RawKafkaConnection.headerOnly(header));

            ByteBuffer response = connection.receiveFrame();
            assertEquals(7, ResponseHeader.parse(response, (short) 0).correlationId());
            ApiVersionsResponse apiVersions = ApiVersionsResponse.parse(new ByteBufferAccessor(response), (short) 0);
            assertEquals(Errors.UNSUPPORTED_VERSION.code(), apiVersions.data().errorCode());
            assertTrue(connection.isServed(), "the connection stays open");
        }
    }

    @Test
    void aRecordBatchWithABadCrcGetsCorruptMessage() throws Exception {
        assertOtherClientsAreServed("crc");

        Errors error = produceError("crc", batch -> batch.put(batch.limit() - 1, (byte) 0x55));

        assertEquals(Errors.CORRUPT_MESSAGE, error);
    }

    @Test
    void recordBytesThatAreNoBatchGetAnErrorCode() throws Exception {
        assertOtherClientsAreServed("garbage-records");
        Random random = new Random(7);

        Errors error = produceError("garbage-records", batch -> {
            while (batch.hasRemaining()) {
                batch.put((byte) random.nextInt());
            }
        });

        assertNotEquals(Errors.NONE, error);
    }

    @Test
    void aClientThatPromisesMoreBytesThanItSendsHarmsNoOne() throws Exception {
        try (RawKafkaConnection connection = RawKafkaConnection.open(broker.port())) {
            connection.sendRaw(new byte[] {0, 0, 0x10, 0, 1, 2, 3});
        }
        assertOtherClientsAreServed("after-short-frame");
    }

    /**
     * Produces one batch with acks=1 on a raw connection after damaging its bytes in the frame (kafka-clients would
     * refuse to send them); the connection must stay open. Returns the partition's error.
     */
    private static Errors produceError(String topic, Consumer<ByteBuffer> damage) throws Exception {
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(new byte[64]));
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName(topic).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records))));
        ProduceRequest request = ProduceRequest.builder(new ProduceRequestData()
                .setAcks((short) 1).setTimeoutMs(10_000).setTopicData(topics)).build((short) 9);
        try (RawKafkaConnection connection = RawKafkaConnection.open(broker.port())) {
            RequestHeader header = connection.header(ApiKeys.PRODUCE, request.version());
            ByteBuffer frame = request.serializeWithHeader(header);
            // v9 is flexible: the batch is followed by the empty tagged fields of partition, topic and request.
            int batchEnd = frame.limit() - 3;
            damage.accept(frame.duplicate().position(batchEnd - records.sizeInBytes()).limit(batchEnd).slice());
            byte[] bytes = new byte[frame.remaining()];
            frame.get(bytes);
            connection.sendFrame(bytes);

            ProduceResponse response = (ProduceResponse) connection.receive(header);
            assertTrue(connection.isServed(), "the connection stays open");
            return Errors.forCode(response.data().responses().iterator().next().partitionResponses().get(0)
                    .errorCode());
        }
    }

    private static byte[] header(ApiKeys apiKey, int version) {
        return RawKafkaConnection.headerOnly(new RequestHeader(apiKey, (short) version, "bad", 1));
    }

    private static byte[] truncated(CreateTopicsRequest request) {
        ByteBuffer whole = request.serializeWithHeader(new RequestHeader(ApiKeys.CREATE_TOPICS, request.version(),
                "bad", 1));
        byte[] half = new byte[whole.remaining() - 6];
        whole.get(half);
        return half;
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer all = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(part -> part.length).sum());
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
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
