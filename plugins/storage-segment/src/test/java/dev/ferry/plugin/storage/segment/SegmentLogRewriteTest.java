package dev.ferry.plugin.storage.segment;

import static dev.ferry.plugin.storage.segment.Batches.appendOf;
import static dev.ferry.plugin.storage.segment.Batches.batch;
import static dev.ferry.plugin.storage.segment.Batches.batchesOf;
import static dev.ferry.plugin.storage.segment.Batches.bytesOf;
import static dev.ferry.plugin.storage.segment.Batches.keyedBatch;
import static dev.ferry.plugin.storage.segment.KeyedSegments.ACTIVE_BASE;
import static dev.ferry.plugin.storage.segment.TestFilters.keepLatestPerKey;
import static dev.ferry.plugin.storage.segment.TestFilters.keepRecords;
import static dev.ferry.plugin.storage.segment.TestFilters.records;
import static dev.ferry.plugin.storage.segment.TestLogs.baseOffsets;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.AbortedTransactionRange;
import dev.ferry.spi.storage.BatchFilter;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.storage.RewriteResult;
import dev.ferry.spi.storage.SegmentInfo;
import dev.ferry.spi.storage.TimestampOffset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a rewrite of the {@link KeyedSegments} log leaves, and what it refuses. */
class SegmentLogRewriteTest extends KeyedLogTest {

    @TempDir
    Path crashDir;

    @Test
    void keepsTheLatestRecordOfEachKeyAtItsOffsetInOneSegment() throws IOException {
        // Given
        long sizeBefore = log.sizeInBytes();
        long activeSize = log.segments().get(4).sizeInBytes();

        // When
        RewriteResult result = log.rewrite(ACTIVE_BASE, keepLatestPerKey(log, ACTIVE_BASE));

        // Then
        assertEquals(KeyedSegments.compacted(written), records(log));
        assertEquals(List.of(0L, 14L), baseOffsets(log));
        assertEquals(new RewriteResult(4, 1, sizeBefore - activeSize, log.sizeInBytes() - activeSize), result);
        assertEquals(0, log.logStartOffset());
        assertEquals(16, log.logEndOffset());
        assertEquals(ACTIVE_BASE, log.cleanedOffset());
        SegmentInfo merged = log.segments().get(0);
        assertEquals(new SegmentInfo(0, 14, merged.sizeInBytes(), 4010, merged.lastModifiedMs(), false, 1002), merged);
    }

    @Test
    void mergesConsecutiveSegmentsOnlyWhileTheyFitSegmentBytes() throws IOException {
        // Given
        log.reconfigure(KeyedSegments.config("segment.bytes", KeyedSegments.twoSegmentsBytes(log)));

        // When
        RewriteResult result = log.rewrite(ACTIVE_BASE, keepLatestPerKey(log, ACTIVE_BASE));

        // Then
        assertEquals(List.of(0L, 7L, 14L), baseOffsets(log));
        assertEquals(2, result.segmentsWritten());
        assertEquals(KeyedSegments.compacted(written), records(log));
        assertEquals(List.of("00000000000000000000.log", "00000000000000000007.log", "00000000000000000014.log"),
                fileNames(".log"));
    }

    @Test
    void theAbortedTransactionsOfTheReplacedSegmentsGoIntoTheMergedOnes() throws IOException {
        // Given: one in each segment
        List<AbortedTransactionRange> aborted = KeyedSegments.recordAbortedTransactions(log);
        log.reconfigure(KeyedSegments.config("segment.bytes", KeyedSegments.twoSegmentsBytes(log)));

        // When
        log.rewrite(ACTIVE_BASE, keepLatestPerKey(log, ACTIVE_BASE));

        // Then
        assertEquals(aborted, log.abortedTransactions(0, Long.MAX_VALUE));
        assertEquals(aborted.subList(2, 5), log.abortedTransactions(7, 16));
        assertEquals(List.of("00000000000000000000.txnindex", "00000000000000000007.txnindex",
                "00000000000000000014.txnindex"), fileNames(LogSegment.TXN_INDEX_SUFFIX));
        engine.close();
        engine = TestLogs.started(logDir, scheduler);
        log = engine.open(KeyedSegments.PRICES, KeyedSegments.config());
        assertEquals(aborted, log.abortedTransactions(0, Long.MAX_VALUE));
    }

    @Test
    void aFetchFromAnyOffsetStartsAtTheFirstKeptBatchHoldingItOrAfterIt() throws IOException {
        // Given
        log.reconfigure(KeyedSegments.config("segment.bytes", KeyedSegments.twoSegmentsBytes(log)));
        log.rewrite(ACTIVE_BASE, keepLatestPerKey(log, ACTIVE_BASE));
        List<RecordBatch> kept = batchesOf(TestLogs.readAll(log));

        for (long offset = 0; offset < log.logEndOffset(); offset++) {
            // When
            List<RecordBatch> read = batchesOf(bytesOf(log.read(offset, 1, Long.MAX_VALUE, true)));

            // Then
            long fetchOffset = offset;
            RecordBatch expected = kept.stream().filter(batch -> batch.lastOffset() >= fetchOffset).findFirst()
                    .orElseThrow();
            assertEquals(1, read.size(), "offset " + offset);
            assertEquals(expected.baseOffset(), read.get(0).baseOffset(), "offset " + offset);
        }
    }

    @Test
    void aGroupWhoseRecordsAllWentStaysAsAnEmptySegmentThatFetchesStepOver() throws IOException {
        // When
        log.rewrite(ACTIVE_BASE, keepRecords(record -> false));

        // Then
        assertEquals(List.of(0L, 14L), baseOffsets(log));
        assertEquals(0, log.segments().get(0).sizeInBytes());
        assertEquals(-1, log.segments().get(0).firstBatchTimestamp());
        for (long offset = 0; offset <= ACTIVE_BASE; offset++) {
            assertEquals(ACTIVE_BASE, batchesOf(bytesOf(log.read(offset, 100, Long.MAX_VALUE, true))).get(0)
                    .baseOffset(), "offset " + offset);
        }
        assertEquals(written.subList(written.size() - 2, written.size()), records(log));
        assertEquals(0, Files.size(logDir.resolve("prices-0").resolve("00000000000000000000.log")));
    }

    @Test
    void anEmptySegmentLoadsAgainAndStillLetsFetchesThrough() throws IOException {
        // Given
        log.rewrite(ACTIVE_BASE, keepRecords(record -> false));
        engine.close();

        // When
        engine = TestLogs.started(logDir, scheduler);
        log = engine.open(KeyedSegments.PRICES, KeyedSegments.config());

        // Then
        assertEquals(List.of(0L, 14L), baseOffsets(log));
        assertEquals(0, log.logStartOffset());
        assertEquals(ACTIVE_BASE, batchesOf(bytesOf(log.read(3, 100, Long.MAX_VALUE, true))).get(0).baseOffset());
    }

    @Test
    void offsetForTimestampFindsTheFirstKeptRecordAtOrAfterTheTimestamp() throws IOException {
        // When
        log.rewrite(ACTIVE_BASE, keepLatestPerKey(log, ACTIVE_BASE));

        // Then: 1000 and 1001 went with their records; 2000 went, 2010 too (e is kept at 13)
        assertEquals(new TimestampOffset(1002, 2), log.offsetForTimestamp(0, Long.MAX_VALUE).orElseThrow());
        assertEquals(new TimestampOffset(2011, 6), log.offsetForTimestamp(2000, Long.MAX_VALUE).orElseThrow());
        assertEquals(new TimestampOffset(3010, 10), log.offsetForTimestamp(3003, Long.MAX_VALUE).orElseThrow());
        assertEquals(new TimestampOffset(5000, 14), log.offsetForTimestamp(4011, Long.MAX_VALUE).orElseThrow());
        assertEquals(new TimestampOffset(5001, 15), log.maxTimestamp().orElseThrow());
    }

    @Test
    void theNewSegmentKeepsTheLastModifiedTimeOfTheLastSegmentItReplaced() throws IOException {
        // Given
        Path lastReplaced = logDir.resolve("prices-0").resolve("00000000000000000011.log");
        Files.setLastModifiedTime(lastReplaced, FileTime.fromMillis(1_600_000_000_000L));

        // When
        log.rewrite(ACTIVE_BASE, keepLatestPerKey(log, ACTIVE_BASE));

        // Then: retention by time falls back on it
        assertEquals(1_600_000_000_000L, log.segments().get(0).lastModifiedMs());
    }

    @Test
    void aCrashRightAfterTheRewriteLoadsTheNewSegments() throws IOException {
        // Given
        log.rewrite(ACTIVE_BASE, keepLatestPerKey(log, ACTIVE_BASE));

        // When
        TestLogs.crashCopy(logDir, crashDir);
        SegmentStorageEngine crashed = TestLogs.started(crashDir, scheduler);

        // Then
        try {
            PartitionLog recovered = crashed.open(KeyedSegments.PRICES, KeyedSegments.config());
            assertEquals(KeyedSegments.compacted(written), records(recovered));
            assertEquals(List.of(0L, 14L), baseOffsets(recovered));
        } finally {
            crashed.close();
        }
    }

    @Test
    void theFilterSeesWholeBatchesAboutHalfAMebibyteAtATimeAndALargerBatchAlone() throws IOException {
        // Given: 100 KiB batches around one of 700 KiB, in segments of 3 MiB
        PartitionLog blobs = engine.open(new TopicPartition("blobs", 0), Map.of("segment.bytes", "3145728"));
        for (int i = 0; i < 30; i++) {
            blobs.append(appendOf(batch(i, 1, i == 20 ? 700 << 10 : 100 << 10)));
        }
        long activeBase = blobs.segments().get(blobs.segments().size() - 1).baseOffset();
        assertTrue(activeBase > 20, "the large batch is in a closed segment: " + blobs.segments());
        byte[] before = TestLogs.readAll(blobs);
        List<Chunk> chunks = new ArrayList<>();
        BatchFilter keepingAll = batches -> {
            List<RecordBatch> chunk = batchesOf(batches);
            assertEquals(batches.remaining(), chunk.stream().mapToInt(RecordBatch::sizeInBytes).sum());
            chunks.add(new Chunk(chunk.get(0).baseOffset(), chunk.size(), batches.remaining()));
            return batches;
        };

        // When
        blobs.rewrite(activeBase, keepingAll);

        // Then
        assertEquals(activeBase, chunks.stream().mapToLong(Chunk::batches).sum());
        for (Chunk chunk : chunks) {
            assertTrue(chunk.bytes() <= CleanedSegmentWriter.CHUNK_BYTES || chunk.batches() == 1, chunk.toString());
        }
        assertTrue(chunks.contains(new Chunk(20, 1, batch(20, 1, 700 << 10).remaining())), chunks.toString());
        assertTrue(chunks.stream().anyMatch(chunk -> chunk.batches() == 5), chunks.toString());
        assertArrayEquals(before, TestLogs.readAll(blobs));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failingFilters")
    void aFilterThatFailsLeavesTheLogAndItsDirectoryAsTheyWere(String name, Exception failure) throws IOException {
        // Given
        byte[] before = TestLogs.readAll(log);
        List<String> filesBefore = segmentFileNames();
        BatchFilter compaction = keepLatestPerKey(log, ACTIVE_BASE);
        AtomicInteger calls = new AtomicInteger();
        BatchFilter failingOnTheThirdSegment = batches -> {
            if (calls.incrementAndGet() == 3 && failure instanceof IOException givenUp) {
                throw givenUp;
            } else if (calls.get() == 3) {
                throw (RuntimeException) failure;
            }
            return compaction.filter(batches);
        };

        // When
        IOException thrown = assertThrows(IOException.class, () -> log.rewrite(ACTIVE_BASE, failingOnTheThirdSegment));

        // Then
        assertTrue(thrown == failure || thrown.getCause() == failure, thrown.toString());
        assertArrayEquals(before, TestLogs.readAll(log));
        assertEquals(List.of(0L, 4L, 7L, 11L, 14L), baseOffsets(log));
        assertEquals(filesBefore, segmentFileNames());
        assertEquals(0, log.cleanedOffset());
    }

    static Stream<Arguments> failingFilters() {
        return Stream.of(
                Arguments.of("gives up", new IOException("given up")),
                Arguments.of("breaks", new IllegalStateException("broken filter")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongAnswers")
    void aFilterAnswerThatIsNotWholeBatchesOfTheGroupInOrderIsRefused(String name, ByteBuffer answer)
            throws IOException {
        // Given
        byte[] before = TestLogs.readAll(log);
        List<String> filesBefore = segmentFileNames();

        // When
        assertThrows(IOException.class,
                () -> log.rewrite(ACTIVE_BASE, batches -> answer == null ? null : answer.duplicate()));

        // Then
        assertArrayEquals(before, TestLogs.readAll(log));
        assertEquals(filesBefore, segmentFileNames());
    }

    static Stream<Arguments> wrongAnswers() {
        ByteBuffer batch = keyedBatch(5, 1, "k");
        return Stream.of(
                Arguments.of("a batch past the group", keyedBatch(ACTIVE_BASE, 1, "k")),
                Arguments.of("offsets going back", ByteBuffer.wrap(bytesOf(keyedBatch(8, 1, "k"), batch))),
                Arguments.of("a torn batch", ByteBuffer.wrap(bytesOf(batch), 0, batch.remaining() - 1).slice()),
                Arguments.of("null", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongEndOffsets")
    void anEndOffsetThatIsNoSegmentBaseUpToTheActiveOneIsRefused(long endOffset) {
        assertThrows(IllegalArgumentException.class, () -> log.rewrite(endOffset, keepRecords(record -> true)));
    }

    static Stream<Long> wrongEndOffsets() {
        return Stream.of(5L, 15L, 16L, 100L);
    }

    @Test
    void aRewriteUpToTheFirstSegmentRewritesNothing() throws IOException {
        // When
        RewriteResult result = log.rewrite(0, keepRecords(record -> false));

        // Then
        assertEquals(new RewriteResult(0, 0, 0, 0), result);
        assertEquals(written, records(log));
    }

    @Test
    void aRewriteOfAClosedLogFails() throws IOException {
        // Given
        log.close();

        // When / Then
        assertThrows(IOException.class, () -> log.rewrite(ACTIVE_BASE, keepRecords(record -> true)));
    }

    /** What the filter saw in one call. */
    private record Chunk(long firstOffset, int batches, int bytes) {
    }
}
