package dev.ferry.plugin.storage.segment;

import static dev.ferry.plugin.storage.segment.Batches.appendOf;
import static dev.ferry.plugin.storage.segment.Batches.batch;
import static dev.ferry.plugin.storage.segment.Batches.batchesOf;
import static dev.ferry.plugin.storage.segment.Batches.bytesOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.settings.Settings;
import dev.ferry.spi.storage.LogAppend;
import dev.ferry.spi.storage.LogOffsetOutOfRangeException;
import dev.ferry.spi.storage.LogSlice;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.storage.StorageContext;
import dev.ferry.spi.time.ManualScheduler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentLogTest {

    private static final TopicPartition ORDERS = new TopicPartition("orders", 0);

    @TempDir
    Path logDir;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final SegmentStorageEngine engine = new SegmentStorageEngine();
    private PartitionLog log;

    @BeforeEach
    void openLog() throws IOException {
        engine.start(new StorageContext(List.of(logDir), Settings.of(Map.of()), scheduler));
        log = engine.open(ORDERS, Map.of());
    }

    @AfterEach
    void closeEngine() throws IOException {
        engine.close();
    }

    @Test
    void emptyLogStartsAtOffsetZeroAndReadsNothing() throws IOException {
        assertEquals(0, log.logStartOffset());
        assertEquals(0, log.logEndOffset());
        assertEquals(0, log.sizeInBytes());
        assertSame(LogSlice.EMPTY, log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true));
    }

    @Test
    void appendedBatchesReadBackByteForByte() throws IOException {
        // Given
        ByteBuffer first = batch(0, 3, 10);
        ByteBuffer second = batch(3, 2, 20);
        ByteBuffer third = batch(5, 4, 5);
        log.append(appendOf(first));
        log.append(appendOf(second, third));

        // When
        LogSlice slice = log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, false);

        // Then
        byte[] expected = bytesOf(first, second, third);
        assertArrayEquals(expected, bytesOf(slice));
        assertEquals(expected.length, log.sizeInBytes());
        assertEquals(9, log.logEndOffset());
        assertEquals(0, log.logStartOffset());
        List<Long> baseOffsets = batchesOf(bytesOf(slice)).stream().map(RecordBatch::baseOffset).toList();
        assertEquals(List.of(0L, 3L, 5L), baseOffsets);
    }

    @Test
    void appendLeavesTheCallersBufferAsItWas() throws IOException {
        // Given
        LogAppend append = appendOf(batch(0, 2, 10));
        int position = append.records().position();
        int limit = append.records().limit();

        // When
        log.append(append);

        // Then
        assertEquals(position, append.records().position());
        assertEquals(limit, append.records().limit());
    }

    @Test
    void readFromTheMiddleOfABatchReturnsThatWholeBatch() throws IOException {
        // Given
        ByteBuffer first = batch(0, 5, 10);
        ByteBuffer second = batch(5, 5, 10);
        ByteBuffer third = batch(10, 5, 10);
        log.append(appendOf(first, second, third));

        // When
        LogSlice slice = log.read(7, Integer.MAX_VALUE, Long.MAX_VALUE, false);

        // Then
        assertArrayEquals(bytesOf(second, third), bytesOf(slice));
    }

    @Test
    void readStopsBeforeTheBatchThatWouldPassMaxBytes() throws IOException {
        // Given
        ByteBuffer first = batch(0, 2, 50);
        ByteBuffer second = batch(2, 2, 50);
        ByteBuffer third = batch(4, 2, 50);
        log.append(appendOf(first, second, third));
        int twoBatches = first.remaining() + second.remaining();

        // When
        LogSlice exactlyTwo = log.read(0, twoBatches, Long.MAX_VALUE, false);
        LogSlice justUnderThree = log.read(0, twoBatches + third.remaining() - 1, Long.MAX_VALUE, false);

        // Then
        assertArrayEquals(bytesOf(first, second), bytesOf(exactlyTwo));
        assertArrayEquals(bytesOf(first, second), bytesOf(justUnderThree));
    }

    @Test
    void readStopsBeforeTheBatchHoldingMaxOffset() throws IOException {
        // Given
        ByteBuffer first = batch(0, 5, 10);
        ByteBuffer second = batch(5, 5, 10);
        ByteBuffer third = batch(10, 5, 10);
        log.append(appendOf(first, second, third));

        // When
        LogSlice upToTen = log.read(0, Integer.MAX_VALUE, 10, false);
        LogSlice upToNine = log.read(0, Integer.MAX_VALUE, 9, false);
        LogSlice upToFour = log.read(0, Integer.MAX_VALUE, 4, true);

        // Then
        assertArrayEquals(bytesOf(first, second), bytesOf(upToTen));
        assertArrayEquals(bytesOf(first), bytesOf(upToNine));
        assertSame(LogSlice.EMPTY, upToFour);
    }

    @Test
    void minOneBatchReturnsAFirstBatchLargerThanMaxBytes() throws IOException {
        // Given
        ByteBuffer large = batch(0, 4, 1_000);
        ByteBuffer next = batch(4, 1, 1);
        log.append(appendOf(large, next));

        // When
        LogSlice withMinOne = log.read(0, 100, Long.MAX_VALUE, true);
        LogSlice withoutMinOne = log.read(0, 100, Long.MAX_VALUE, false);

        // Then
        assertArrayEquals(bytesOf(large), bytesOf(withMinOne));
        assertSame(LogSlice.EMPTY, withoutMinOne);
    }

    @Test
    void readAtTheLogEndOffsetIsEmpty() throws IOException {
        // Given
        log.append(appendOf(batch(0, 3, 10)));

        // When
        LogSlice slice = log.read(3, Integer.MAX_VALUE, Long.MAX_VALUE, true);

        // Then
        assertSame(LogSlice.EMPTY, slice);
    }

    @Test
    void readOutsideTheLogIsRefused() throws IOException {
        log.append(appendOf(batch(0, 3, 10)));

        assertThrows(LogOffsetOutOfRangeException.class, () -> log.read(4, 100, Long.MAX_VALUE, true));
        assertThrows(LogOffsetOutOfRangeException.class, () -> log.read(-1, 100, Long.MAX_VALUE, true));
    }

    @Test
    void appendNotAtTheLogEndOffsetIsRefused() throws IOException {
        log.append(appendOf(batch(0, 3, 10)));

        assertThrows(IllegalArgumentException.class, () -> log.append(appendOf(batch(5, 1, 10))));
        assertEquals(3, log.logEndOffset());
    }

    @Test
    void everyOffsetOfALogSpanningManyIndexEntriesIsFound() throws IOException {
        // Given: enough bytes for dozens of index entries
        List<ByteBuffer> batches = appendBatches(log, 300, 3, 100);
        assertTrue(log.sizeInBytes() > 20L * LogConfig.DEFAULT_INDEX_INTERVAL_BYTES);

        // When / Then
        for (int i = 0; i < batches.size(); i++) {
            for (int record = 0; record < 3; record++) {
                LogSlice slice = log.read(i * 3L + record, 1, Long.MAX_VALUE, true);
                assertArrayEquals(bytesOf(batches.get(i)), bytesOf(slice), "offset " + (i * 3L + record));
            }
        }
    }

    @Test
    void aSliceCanBeSentInPieces() throws IOException {
        // Given
        ByteBuffer first = batch(0, 3, 100);
        ByteBuffer second = batch(3, 3, 100);
        log.append(appendOf(first, second));
        LogSlice slice = log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, false);

        // When
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long position = 0;
        while (position < slice.sizeInBytes()) {
            position += slice.transferTo(Channels.newChannel(out), position, 7);
        }

        // Then
        assertArrayEquals(bytesOf(first, second), out.toByteArray());
        assertEquals(0, slice.transferTo(Channels.newChannel(out), slice.sizeInBytes(), 10));
    }

    @Test
    void aSliceStaysReadableWhileAppendsGoOn() throws IOException {
        // Given
        ByteBuffer first = batch(0, 3, 10);
        log.append(appendOf(first));
        LogSlice slice = log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, false);

        // When
        log.append(appendOf(batch(3, 3, 10)));

        // Then
        assertArrayEquals(bytesOf(first), bytesOf(slice));
    }

    @Test
    void flushKeepsTheLogReadable() throws IOException {
        ByteBuffer first = batch(0, 3, 10);
        log.append(appendOf(first));

        log.flush();

        assertArrayEquals(bytesOf(first), bytesOf(log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, false)));
    }

    /** Appends {@code count} batches of {@code records} records, one append each, and returns them. */
    static List<ByteBuffer> appendBatches(PartitionLog log, int count, int records, int valueBytes)
            throws IOException {
        List<ByteBuffer> batches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ByteBuffer batch = batch(log.logEndOffset(), records, valueBytes);
            log.append(appendOf(batch));
            batches.add(batch);
        }
        return batches;
    }
}
