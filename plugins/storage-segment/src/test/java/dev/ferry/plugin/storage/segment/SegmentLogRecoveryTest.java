package dev.ferry.plugin.storage.segment;

import static dev.ferry.plugin.storage.segment.Batches.appendOf;
import static dev.ferry.plugin.storage.segment.Batches.batch;
import static dev.ferry.plugin.storage.segment.Batches.bytesOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.settings.Settings;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.storage.StorageContext;
import dev.ferry.spi.time.ManualScheduler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SegmentLogRecoveryTest {

    private static final TopicPartition ORDERS = new TopicPartition("orders", 3);

    @TempDir
    Path logDir;

    private final ManualScheduler scheduler = new ManualScheduler();
    private SegmentStorageEngine engine = new SegmentStorageEngine();
    private Path segmentFile;

    private final ByteBuffer first = batch(0, 4, 30);
    private final ByteBuffer second = batch(4, 4, 30);
    private final ByteBuffer third = batch(8, 4, 30);

    @BeforeEach
    void writeThreeBatches() throws IOException {
        engine.start(new StorageContext(List.of(logDir), Settings.of(Map.of()), scheduler));
        PartitionLog log = engine.open(ORDERS, Map.of());
        log.append(appendOf(first));
        log.append(appendOf(second, third));
        log.close();
        segmentFile = logDir.resolve("orders-3").resolve("00000000000000000000.log");
    }

    @AfterEach
    void closeEngine() throws IOException {
        engine.close();
    }

    @Test
    void reopeningAfterCloseRecoversEverything() throws IOException {
        // When
        PartitionLog log = reopen();

        // Then
        assertEquals(12, log.logEndOffset());
        assertEquals(0, log.logStartOffset());
        assertEquals(bytesOf(first, second, third).length, log.sizeInBytes());
        assertArrayEquals(bytesOf(first, second, third), readAll(log));
    }

    @Test
    void reopeningAfterEngineCloseRecoversEverything() throws IOException {
        // Given
        engine.open(ORDERS, Map.of()).append(appendOf(batch(12, 2, 10)));
        engine.close();
        engine = new SegmentStorageEngine();
        engine.start(new StorageContext(List.of(logDir), Settings.of(Map.of()), scheduler));

        // When
        PartitionLog log = engine.open(ORDERS, Map.of());

        // Then
        assertEquals(14, log.logEndOffset());
        assertArrayEquals(bytesOf(first, second, third, batch(12, 2, 10)), readAll(log));
    }

    @ParameterizedTest(name = "{0} bytes of the last batch left")
    @ValueSource(ints = {1, 11, 12, 16, 17, 60, 61, 62})
    void aTornTailIsCutAndTheValidPrefixServed(int bytesOfLastBatch) throws IOException {
        // Given
        truncateFile(bytesOf(first, second).length + bytesOfLastBatch);

        // When
        PartitionLog log = reopen();

        // Then
        assertValidPrefix(log, first, second);
    }

    @Test
    void aLastBatchShortOfOneByteIsCut() throws IOException {
        // Given
        truncateFile(bytesOf(first, second, third).length - 1);

        // When
        PartitionLog log = reopen();

        // Then
        assertValidPrefix(log, first, second);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbage")
    void garbageAfterTheLastBatchIsCut(String name, byte[] garbage) throws IOException {
        // Given
        Files.write(segmentFile, garbage, StandardOpenOption.APPEND);

        // When
        PartitionLog log = reopen();

        // Then
        assertValidPrefix(log, first, second, third);
    }

    static Stream<Arguments> garbage() {
        byte[] random = new byte[200];
        new Random(42).nextBytes(random);
        byte[] bigLength = ByteBuffer.allocate(40).putLong(12).putInt(1_000_000).array();
        ByteBuffer legacy = MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V1, 12, Compression.NONE,
                new SimpleRecord(1L, "k".getBytes(), "v".getBytes())).buffer();
        return Stream.of(
                Arguments.of("random bytes", random),
                Arguments.of("zeros", new byte[100]),
                Arguments.of("a header claiming more bytes than the file has", bigLength),
                Arguments.of("a v1 batch", bytesOf(legacy)),
                Arguments.of("a batch whose offsets go backwards", bytesOf(batch(5, 4, 30))));
    }

    @Test
    void aFlippedPayloadByteStopsRecoveryBeforeThatBatch() throws IOException {
        // Given: a byte near the end of the second batch, inside its records
        int position = bytesOf(first, second).length - 5;
        flipByte(position);

        // When
        PartitionLog log = reopen();

        // Then
        assertValidPrefix(log, first);
    }

    @Test
    void aFlippedByteInTheFirstBatchEmptiesTheLog() throws IOException {
        // Given
        flipByte(40);

        // When
        PartitionLog log = reopen();

        // Then
        assertEquals(0, log.logEndOffset());
        assertEquals(0, log.sizeInBytes());
        assertEquals(0, Files.size(segmentFile));
    }

    @Test
    void appendsGoOnAfterARecoveredTail() throws IOException {
        // Given
        truncateFile(bytesOf(first, second).length + 20);
        PartitionLog log = reopen();
        ByteBuffer next = batch(8, 2, 10);

        // When
        log.append(appendOf(next));

        // Then
        assertEquals(10, log.logEndOffset());
        assertArrayEquals(bytesOf(first, second, next), readAll(log));
        log.close();
        assertArrayEquals(bytesOf(first, second, next), readAll(reopen()));
    }

    @Test
    void theIndexRebuiltByRecoveryFindsEveryOffset() throws IOException {
        // Given
        PartitionLog log = reopen();
        List<ByteBuffer> batches = SegmentLogTest.appendBatches(log, 200, 2, 100);
        log.close();

        // When
        PartitionLog recovered = reopen();

        // Then
        for (int i = 0; i < batches.size(); i++) {
            long offset = 12 + i * 2L + 1;
            assertArrayEquals(bytesOf(batches.get(i)), bytesOf(recovered.read(offset, 1, Long.MAX_VALUE, true)));
        }
    }

    private PartitionLog reopen() throws IOException {
        return engine.open(ORDERS, Map.of());
    }

    private void assertValidPrefix(PartitionLog log, ByteBuffer... batches) throws IOException {
        byte[] expected = bytesOf(batches);
        RecordBatch last = Batches.batchesOf(batches[batches.length - 1]).get(0);
        assertEquals(last.lastOffset() + 1, log.logEndOffset());
        assertEquals(expected.length, log.sizeInBytes());
        assertEquals(expected.length, Files.size(segmentFile));
        assertArrayEquals(expected, readAll(log));
    }

    private static byte[] readAll(PartitionLog log) throws IOException {
        return bytesOf(log.read(log.logStartOffset(), Integer.MAX_VALUE, Long.MAX_VALUE, true));
    }

    private void truncateFile(int size) throws IOException {
        try (FileChannel channel = FileChannel.open(segmentFile, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    private void flipByte(int position) throws IOException {
        byte[] bytes = Files.readAllBytes(segmentFile);
        bytes[position] ^= 0x5A;
        Files.write(segmentFile, bytes);
    }
}
