package dev.ferry.plugin.protocol.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.plugin.protocol.kafka.network.NetworkLimits;
import dev.ferry.services.BrokerServices;
import dev.ferry.spi.protocol.Endpoint;
import dev.ferry.spi.protocol.Listener;
import dev.ferry.spi.protocol.ProtocolContext;
import dev.ferry.spi.settings.Settings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pipeline a connection gets, driven through Netty's {@link EmbeddedChannel}; no broker behind it. */
class KafkaPipelineTest {

    private static final int MAX_REQUEST_BYTES = 1024;

    /** Stands for the absent broker: every service it is asked for is null. */
    private static final BrokerServices NO_BROKER = (BrokerServices) Proxy.newProxyInstance(
            BrokerServices.class.getClassLoader(), new Class<?>[] {BrokerServices.class},
            (proxy, method, args) -> null);

    /** key -> "min-max": what the handler serves, Produce advertised from v0 as Kafka 4 does. */
    private static final Map<Short, String> ADVERTISED = Map.ofEntries(
            Map.entry(ApiKeys.PRODUCE.id, "0-13"),
            Map.entry(ApiKeys.FETCH.id, "4-18"),
            Map.entry(ApiKeys.LIST_OFFSETS.id, "1-10"),
            Map.entry(ApiKeys.METADATA.id, "0-13"),
            Map.entry(ApiKeys.API_VERSIONS.id, "0-4"),
            Map.entry(ApiKeys.CREATE_TOPICS.id, "2-7"),
            Map.entry(ApiKeys.DELETE_TOPICS.id, "1-6"),
            Map.entry(ApiKeys.DELETE_RECORDS.id, "0-2"),
            Map.entry(ApiKeys.DESCRIBE_CONFIGS.id, "1-4"),
            Map.entry(ApiKeys.ALTER_CONFIGS.id, "0-2"),
            Map.entry(ApiKeys.INCREMENTAL_ALTER_CONFIGS.id, "0-1"),
            Map.entry(ApiKeys.FIND_COORDINATOR.id, "0-6"),
            Map.entry(ApiKeys.JOIN_GROUP.id, "0-8"),
            Map.entry(ApiKeys.SYNC_GROUP.id, "0-5"),
            Map.entry(ApiKeys.HEARTBEAT.id, "0-4"),
            Map.entry(ApiKeys.LEAVE_GROUP.id, "0-5"),
            Map.entry(ApiKeys.OFFSET_COMMIT.id, "2-10"),
            Map.entry(ApiKeys.OFFSET_FETCH.id, "1-10"),
            Map.entry(ApiKeys.OFFSET_DELETE.id, "0-0"),
            Map.entry(ApiKeys.LIST_GROUPS.id, "0-5"),
            Map.entry(ApiKeys.DESCRIBE_GROUPS.id, "0-6"),
            Map.entry(ApiKeys.DELETE_GROUPS.id, "0-2"),
            Map.entry(ApiKeys.CONSUMER_GROUP_HEARTBEAT.id, "0-1"),
            Map.entry(ApiKeys.CONSUMER_GROUP_DESCRIBE.id, "0-1"),
            Map.entry(ApiKeys.CREATE_PARTITIONS.id, "0-3"),
            Map.entry(ApiKeys.DESCRIBE_CLUSTER.id, "0-2"),
            Map.entry(ApiKeys.DESCRIBE_LOG_DIRS.id, "1-4"),
            Map.entry(ApiKeys.ELECT_LEADERS.id, "0-2"),
            Map.entry(ApiKeys.DESCRIBE_PRODUCERS.id, "0-0"),
            Map.entry(ApiKeys.DESCRIBE_TOPIC_PARTITIONS.id, "0-0"),
            Map.entry(ApiKeys.LIST_PARTITION_REASSIGNMENTS.id, "0-0"),
            Map.entry(ApiKeys.DESCRIBE_ACLS.id, "1-3"),
            Map.entry(ApiKeys.CREATE_ACLS.id, "1-3"),
            Map.entry(ApiKeys.DELETE_ACLS.id, "1-3"),
            Map.entry(ApiKeys.INIT_PRODUCER_ID.id, "0-5"),
            Map.entry(ApiKeys.ADD_PARTITIONS_TO_TXN.id, "0-3"),
            Map.entry(ApiKeys.ADD_OFFSETS_TO_TXN.id, "0-4"),
            Map.entry(ApiKeys.END_TXN.id, "0-4"),
            Map.entry(ApiKeys.TXN_OFFSET_COMMIT.id, "0-4"),
            Map.entry(ApiKeys.WRITE_TXN_MARKERS.id, "1-1"),
            Map.entry(ApiKeys.DESCRIBE_TRANSACTIONS.id, "0-0"),
            Map.entry(ApiKeys.LIST_TRANSACTIONS.id, "0-2"),
            Map.entry(ApiKeys.UPDATE_FEATURES.id, "0-2"),
            Map.entry(ApiKeys.DESCRIBE_QUORUM.id, "0-2"),
            Map.entry(ApiKeys.UNREGISTER_BROKER.id, "0-0"),
            Map.entry(ApiKeys.ALTER_PARTITION_REASSIGNMENTS.id, "0-1"),
            Map.entry(ApiKeys.ALTER_REPLICA_LOG_DIRS.id, "1-2"),
            Map.entry(ApiKeys.CREATE_DELEGATION_TOKEN.id, "1-3"),
            Map.entry(ApiKeys.RENEW_DELEGATION_TOKEN.id, "1-2"),
            Map.entry(ApiKeys.EXPIRE_DELEGATION_TOKEN.id, "1-2"),
            Map.entry(ApiKeys.DESCRIBE_DELEGATION_TOKEN.id, "1-3"),
            Map.entry(ApiKeys.LIST_CONFIG_RESOURCES.id, "0-1"),
            Map.entry(ApiKeys.DESCRIBE_CLIENT_QUOTAS.id, "0-1"),
            Map.entry(ApiKeys.ALTER_CLIENT_QUOTAS.id, "0-1"),
            Map.entry(ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS.id, "0-0"),
            Map.entry(ApiKeys.ALTER_USER_SCRAM_CREDENTIALS.id, "0-0"));

    private final EmbeddedChannel channel = connection();

    @AfterEach
    void releaseEverything() {
        channel.finishAndReleaseAll();
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3, 4})
    void apiVersionsAdvertisesExactlyTheServedApis(short version) {
        // Given
        RequestHeader header = new RequestHeader(ApiKeys.API_VERSIONS, version, "test-client", 42);
        ByteBuffer request = new ApiVersionsRequest.Builder().build(version).serializeWithHeader(header);

        // When
        channel.writeInbound(framed(request));

        // Then
        ByteBuffer response = readResponse();
        AbstractResponse parsed = AbstractResponse.parseResponse(response, header);
        ApiVersionsResponse apiVersions = (ApiVersionsResponse) parsed;
        assertEquals(Errors.NONE.code(), apiVersions.data().errorCode());
        assertEquals(new TreeMap<>(ADVERTISED), advertised(apiVersions));
        assertTrue(channel.isOpen());
    }

    @Test
    void apiVersionsOfAnUnknownVersionGetsUnsupportedVersionInV0() {
        // Given
        RequestHeader header = new RequestHeader(ApiKeys.API_VERSIONS, (short) 9, "future-client", 7);
        ByteBuffer request = RequestUtils.serialize(header.data(), header.headerVersion(),
                new ApiVersionsRequestData(), (short) 4);

        // When
        channel.writeInbound(framed(request));

        // Then
        ByteBuffer response = readResponse();
        assertEquals(7, ResponseHeader.parse(response, (short) 0).correlationId());
        ApiVersionsResponse apiVersions = ApiVersionsResponse.parse(new ByteBufferAccessor(response), (short) 0);
        assertEquals(Errors.UNSUPPORTED_VERSION.code(), apiVersions.data().errorCode());
        assertEquals(new TreeMap<>(ADVERTISED), advertised(apiVersions));
        assertTrue(channel.isOpen());
    }

    @Test
    void aFrameArrivingInPiecesIsServed() {
        // Given
        RequestHeader header = new RequestHeader(ApiKeys.API_VERSIONS, (short) 3, "test-client", 1);
        ByteBuf frame = framed(new ApiVersionsRequest.Builder().build((short) 3).serializeWithHeader(header));

        // When
        channel.writeInbound(frame.readRetainedSlice(3));
        channel.writeInbound(frame.readRetainedSlice(frame.readableBytes()));
        frame.release();

        // Then
        assertNotNull(readResponse());
    }

    @Test
    void aFrameOverTheLimitClosesTheConnection() {
        ByteBuf frame = Unpooled.buffer().writeInt(MAX_REQUEST_BYTES + 1).writeZero(16);

        channel.writeInbound(frame);

        assertFalse(channel.isOpen());
        assertNull(channel.readOutbound());
    }

    @Test
    void aNegativeSizeClosesTheConnection() {
        channel.writeInbound(Unpooled.buffer().writeInt(-5).writeZero(8));

        assertFalse(channel.isOpen());
    }

    @Test
    void garbageClosesTheConnection() {
        ByteBuf garbage = Unpooled.buffer().writeInt(10).writeShort(0x7abc).writeShort(3).writeInt(99).writeShort(-9);

        channel.writeInbound(garbage);

        assertFalse(channel.isOpen());
        assertNull(channel.readOutbound());
    }

    @Test
    void aBodyThatDoesNotParseClosesTheConnection() {
        // Given a Metadata v12 request whose topic count promises 126 topics that never follow
        RequestHeader header = new RequestHeader(ApiKeys.METADATA, (short) 12, "test-client", 3);
        ByteBuffer request = RequestUtils.serialize(header.data(), header.headerVersion(),
                new MetadataRequestData().setTopics(null), (short) 12);
        request.put(header.size(), (byte) 0x7f);

        // When
        channel.writeInbound(framed(request));

        // Then
        assertFalse(channel.isOpen());
        assertNull(channel.readOutbound());
    }

    @Test
    void aVersionOutsideTheServedRangeClosesTheConnection() {
        // Produce v2 is advertised for librdkafka's sake but not served, as in Kafka 4.
        RequestHeader header = new RequestHeader(ApiKeys.PRODUCE, (short) 2, "test-client", 5);
        ByteBuffer headerOnly = RequestUtils.serialize(header.data(), header.headerVersion(),
                new ApiVersionsRequestData(), (short) 0);

        channel.writeInbound(framed(headerOnly));

        assertFalse(channel.isOpen());
    }

    @Test
    void anApiThatIsNotServedClosesTheConnection() {
        RequestHeader header = new RequestHeader(ApiKeys.FIND_COORDINATOR, (short) 4, "test-client", 5);
        ByteBuffer headerOnly = RequestUtils.serialize(header.data(), header.headerVersion(),
                new ApiVersionsRequestData(), (short) 0);

        channel.writeInbound(framed(headerOnly));

        assertFalse(channel.isOpen());
    }

    private static EmbeddedChannel connection() {
        KafkaProtocolHandler handler = new KafkaProtocolHandler();
        handler.start(new ProtocolContext(Map.of(BrokerServices.class, NO_BROKER), Settings.of(Map.of(
                NetworkLimits.SOCKET_REQUEST_MAX_BYTES, MAX_REQUEST_BYTES,
                NetworkLimits.MAX_CONNECTIONS, Integer.MAX_VALUE,
                NetworkLimits.MAX_CONNECTIONS_PER_IP, Integer.MAX_VALUE,
                NetworkLimits.MAX_CONNECTIONS_PER_IP_OVERRIDES, "",
                NetworkLimits.QUEUED_MAX_REQUESTS, 500,
                NetworkLimits.CONNECTIONS_MAX_IDLE_MS, 600_000))));
        EmbeddedChannel channel = new EmbeddedChannel();
        handler.initChannel(channel, new Listener("PLAINTEXT", new Endpoint("127.0.0.1", 9092)));
        return channel;
    }

    private static ByteBuf framed(ByteBuffer request) {
        return Unpooled.buffer().writeInt(request.remaining()).writeBytes(request);
    }

    /** The next response written, without its size prefix, after checking that prefix. */
    private ByteBuffer readResponse() {
        ByteBuf written = channel.readOutbound();
        assertNotNull(written, "no response written");
        try {
            assertEquals(written.readableBytes() - 4, written.readInt());
            ByteBuffer body = ByteBuffer.allocate(written.readableBytes());
            written.readBytes(body);
            return body.flip();
        } finally {
            written.release();
        }
    }

    private static Map<Short, String> advertised(ApiVersionsResponse response) {
        Map<Short, String> versions = new TreeMap<>();
        for (ApiVersion version : response.data().apiKeys()) {
            versions.put(version.apiKey(), version.minVersion() + "-" + version.maxVersion());
        }
        return versions;
    }
}
