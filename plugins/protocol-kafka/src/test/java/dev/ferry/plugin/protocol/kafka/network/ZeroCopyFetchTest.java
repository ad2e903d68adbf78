package dev.ferry.plugin.protocol.kafka.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.plugin.protocol.kafka.api.KafkaApi;
import dev.ferry.plugin.protocol.kafka.api.KafkaApis;
import dev.ferry.plugin.protocol.kafka.api.RequestContext;
import dev.ferry.plugin.protocol.kafka.api.RequestTime;
import dev.ferry.plugin.protocol.kafka.records.FileSlice;
import dev.ferry.plugin.protocol.kafka.records.LogSliceRecords;
import dev.ferry.plugin.protocol.kafka.records.SendRegion;
import dev.ferry.spi.protocol.Endpoint;
import dev.ferry.spi.protocol.Listener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.Records;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.FetchMetadata;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Fetch response leaves the connection as a {@link FileRegion} whose record bytes come from the log file: driven
 * through {@link EmbeddedChannel}, then written to a real socket and parsed back by kafka-clients.
 */
class ZeroCopyFetchTest {

    private static final String TOPIC = "orders";
    private static final int RECORDS = 2000;

    @TempDir
    Path dir;

    private FileChannel segment;
    private ByteBuffer batches;
    private FileSlice slice;
    private EmbeddedChannel channel;

    @BeforeEach
    void aSegmentFileWithBatchesAfterOthers() throws IOException {
        batches = batches();
        Path path = dir.resolve("00000000000000000000.log");
        segment = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        segment.write(ByteBuffer.wrap(new byte[512]));
        segment.write(batches.duplicate());
        slice = new FileSlice(segment, 512, batches.remaining());
        channel = new EmbeddedChannel();
        channel.pipeline()
                .addLast(new RequestFrameDecoder(1 << 20))
                .addLast(new KafkaRequestHandler(new KafkaApis(List.of(new SliceFetch(slice))),
                        new Listener("PLAINTEXT", new Endpoint("127.0.0.1", 9092)), new RequestGate(500),
                        RequestTime.NO_QUOTA));
    }

    @AfterEach
    void close() throws IOException {
        channel.finishAndReleaseAll();
        segment.close();
    }

    @Test
    void theRecordsGoFromTheFileToTheSocketAndParseBack() throws Exception {
        // Given
        RequestHeader header = new RequestHeader(ApiKeys.FETCH, (short) 12, "consumer", 11);

        // When
        channel.writeInbound(framed(fetchRequest(header)));

        // Then the response is a region: size prefix, heap parts and the slice
        Object written = channel.readOutbound();
        SendRegion region = assertInstanceOf(SendRegion.class, written);
        assertTrue(region.count() > batches.remaining());
        ByteBuffer received;
        try {
            received = sendOverSocket(region);
        } finally {
            region.release();
        }
        // the slice was handed the socket, so FileChannel.transferTo could use sendfile
        assertTrue(slice.targets().stream().allMatch(target -> target instanceof SocketChannel),
                "slice written to " + slice.targets());
        assertEquals(region.count(), received.remaining());
        assertEquals(received.remaining() - 4, received.getInt());
        FetchResponse response = (FetchResponse) AbstractResponse.parseResponse(received, header);
        PartitionData partition = response.data().responses().get(0).partitions().get(0);
        assertEquals(Errors.NONE.code(), partition.errorCode());
        Records records = FetchResponse.recordsOrFail(partition);
        assertEquals(batches, ((MemoryRecords) records).buffer());
        long count = 0;
        for (Record record : records.records()) {
            assertEquals(count++, record.offset());
        }
        assertEquals(RECORDS, count);
    }

    @Test
    void aResponseAfterTheFetchWaitsBehindItsRegion() {
        // Given a pipelined fetch and ApiVersions
        RequestHeader fetch = new RequestHeader(ApiKeys.FETCH, (short) 17, "consumer", 1);
        RequestHeader apiVersions = new RequestHeader(ApiKeys.API_VERSIONS, (short) 3, "consumer", 2);

        // When
        channel.writeInbound(framed(fetchRequest(fetch)));
        channel.writeInbound(framed(new ApiVersionsRequest.Builder().build((short) 3)
                .serializeWithHeader(apiVersions)));

        // Then
        Object first = channel.readOutbound();
        Object second = channel.readOutbound();
        assertInstanceOf(FileRegion.class, first);
        ByteBuf buffer = assertInstanceOf(ByteBuf.class, second);
        assertEquals(2, buffer.getInt(4), "correlation id of the second response");
        ((FileRegion) first).release();
        buffer.release();
    }

    @Test
    void aConnectionClosedBeforeTheRegionIsSentReleasesIt() {
        // Given a region written but not flushed: the socket is not taking bytes
        RequestHeader header = new RequestHeader(ApiKeys.FETCH, (short) 12, "consumer", 3);
        channel.writeInbound(framed(fetchRequest(header)));
        FileRegion region = channel.readOutbound();
        region.retain();

        // When
        region.release();
        channel.close();

        // Then
        assertEquals(1, region.refCnt());
        region.release();
        assertEquals(0, region.refCnt());
        assertTrue(segment.isOpen(), "the segment belongs to the storage engine");
    }

    /** Writes the region to one end of a loopback connection, non-blocking as Netty does, and reads the other. */
    private static ByteBuffer sendOverSocket(FileRegion region) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
                 SocketChannel accepted = server.accept()) {
                CompletableFuture<ByteBuffer> read = CompletableFuture.supplyAsync(() -> readAll(client,
                        Math.toIntExact(region.count())));
                accepted.configureBlocking(false);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (region.transferred() < region.count() && System.nanoTime() < deadline) {
                    if (region.transferTo(accepted, region.transferred()) == 0) {
                        Thread.sleep(1);
                    }
                }
                return read.get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static ByteBuffer readAll(SocketChannel channel, int size) {
        ByteBuffer buffer = ByteBuffer.allocate(size);
        try {
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // keep reading
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return buffer.flip();
    }

    private static ByteBuffer fetchRequest(RequestHeader header) {
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        FetchRequest.PartitionData read = new FetchRequest.PartitionData(Uuid.ZERO_UUID, 0, 0, 1 << 20,
                java.util.Optional.empty());
        return FetchRequest.Builder.forConsumer(header.apiVersion(), 0, 1, Map.of(partition, read))
                .metadata(FetchMetadata.LEGACY)
                .build(header.apiVersion())
                .serializeWithHeader(header);
    }

    private static ByteBuf framed(ByteBuffer request) {
        return Unpooled.buffer().writeInt(request.remaining()).writeBytes(request);
    }

    /** Several batches, large enough that the socket takes them in more than one write. */
    private static ByteBuffer batches() {
        ByteBuffer all = ByteBuffer.allocate(1 << 20);
        long offset = 0;
        for (int batch = 0; batch < 4; batch++) {
            MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024),
                    RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE, TimestampType.CREATE_TIME, offset);
            for (int i = 0; i < RECORDS / 4; i++) {
                builder.append(1000L + offset, ("key-" + offset).getBytes(), new byte[100]);
                offset++;
            }
            all.put(builder.build().buffer());
        }
        return all.flip();
    }

    /** Fetch answered with one partition whose records are the slice, as FetchApi answers with the log's. */
    private record SliceFetch(FileSlice slice) implements KafkaApi {

        @Override
        public ApiKeys apiKey() {
            return ApiKeys.FETCH;
        }

        @Override
        public short maxVersion() {
            return 18;
        }

        @Override
        public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
            PartitionData partition = new PartitionData()
                    .setPartitionIndex(0)
                    .setErrorCode(Errors.NONE.code())
                    .setHighWatermark(RECORDS)
                    .setLastStableOffset(RECORDS)
                    .setLogStartOffset(0)
                    .setRecords(new LogSliceRecords(slice));
            List<FetchableTopicResponse> topics = new ArrayList<>();
            topics.add(new FetchableTopicResponse().setTopic(TOPIC).setPartitions(new ArrayList<>(List.of(partition))));
            return CompletableFuture.completedFuture(FetchResponse.of(new FetchResponseData()
                    .setErrorCode(Errors.NONE.code())
                    .setSessionId(FetchMetadata.INVALID_SESSION_ID)
                    .setResponses(topics)));
        }
    }
}
