package dev.ferry.plugin.storage.segment;

import static dev.ferry.plugin.storage.segment.KeyedSegments.ACTIVE_BASE;
import static dev.ferry.plugin.storage.segment.TestFilters.keepLatestPerKey;
import static dev.ferry.plugin.storage.segment.TestFilters.recordsOf;
import static dev.ferry.plugin.storage.segment.TestLogs.baseOffsets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.plugin.storage.segment.TestFilters.KeyedRecord;
import dev.ferry.spi.storage.AbortedTransactionRange;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.time.ManualScheduler;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop at each point of a rewrite, made by putting the files of a real rewrite in the state it would leave: the
 * log loads with every group's old segments or its new one, never a mix and never without a record the compaction
 * kept. The rewrite merges segments 0 and 4 into 0, 7 and 11 into 7. Each segment holds an aborted transaction, which
 * the rewrite carries into the new segment's txn index.
 */
class SwapRecoveryTest {

    private static final String LOG = LogSegment.LOG_SUFFIX;
    private static final String INDEX = LogSegment.INDEX_SUFFIX;
    private static final String TIME_INDEX = LogSegment.TIME_INDEX_SUFFIX;
    private static final String TXN_INDEX = LogSegment.TXN_INDEX_SUFFIX;
    private static final String CLEANED = LogSegment.CLEANED_SUFFIX;
    private static final String SWAP = LogSegment.SWAP_SUFFIX;
    private static final String DELETED = LogSegment.DELETED_SUFFIX;

    /** What the log must hold once loaded. */
    enum Outcome { OLD, NEW }

    /** Leaves the crashed log directory in the state of one point of the rewrite. */
    @FunctionalInterface
    interface CrashPoint {
        void leave(Disk disk) throws IOException;
    }

    @TempDir
    Path root;

    private final ManualScheduler scheduler = new ManualScheduler();
    private SegmentStorageEngine engine;
    private Map<String, String> config;
    private List<KeyedRecord> oldRecords;
    private List<KeyedRecord> newRecords;
    private List<AbortedTransactionRange> aborted;
    private Disk disk;

    @BeforeEach
    void rewriteACopyOfALog() throws IOException {
        Path oldRoot = root.resolve("old");
        engine = TestLogs.started(oldRoot, scheduler);
        PartitionLog log = KeyedSegments.open(engine);
        aborted = KeyedSegments.recordAbortedTransactions(log);
        config = KeyedSegments.config("segment.bytes", KeyedSegments.twoSegmentsBytes(log));
        oldRecords = recordsOf(TestLogs.readAll(log));
        engine.close();

        Path newRoot = root.resolve("new");
        TestLogs.crashCopy(oldRoot, newRoot);
        engine = TestLogs.started(newRoot, scheduler);
        log = engine.open(KeyedSegments.PRICES, config);
        log.rewrite(ACTIVE_BASE, keepLatestPerKey(log, ACTIVE_BASE));
        assertEquals(List.of(0L, 7L, 14L), baseOffsets(log));
        newRecords = recordsOf(TestLogs.readAll(log));
        engine.close();

        Path crashRoot = root.resolve("crash");
        TestLogs.crashCopy(oldRoot, crashRoot);
        disk = new Disk(newRoot.resolve("prices-0"), crashRoot.resolve("prices-0"));
    }

    @AfterEach
    void close() throws IOException {
        engine.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crashPoints")
    void aStopAtAnyPointOfARewriteLoadsTheOldSegmentsOrTheNewOnes(String name, CrashPoint crashPoint,
                                                                   Outcome outcome, boolean txnIndexesKept)
            throws IOException {
        // Given
        crashPoint.leave(disk);

        // When
        engine = TestLogs.started(disk.crashed.getParent(), scheduler);
        PartitionLog log = engine.open(KeyedSegments.PRICES, config);

        // Then
        assertEquals(outcome == Outcome.OLD ? oldRecords : newRecords, recordsOf(TestLogs.readAll(log)));
        assertEquals(outcome == Outcome.OLD ? List.of(0L, 4L, 7L, 11L, 14L) : List.of(0L, 7L, 14L),
                baseOffsets(log));
        assertEquals(16, log.logEndOffset());
        for (String suffix : List.of(CLEANED, SWAP, DELETED)) {
            assertEquals(List.of(), TestLogs.files(disk.crashed, suffix), suffix + " files left");
        }
        // a new segment that lost its txn index has none left: then only the active segment has one
        List<String> kinds = txnIndexesKept ? List.of(LOG, INDEX, TIME_INDEX, TXN_INDEX)
                : List.of(LOG, INDEX, TIME_INDEX);
        for (String kind : kinds) {
            assertEquals(baseOffsets(log).size(), TestLogs.files(disk.crashed, kind).size(), kind + " files");
        }
        assertEquals(txnIndexesKept ? aborted : aborted.subList(4, 5), log.abortedTransactions(0, Long.MAX_VALUE));
    }

    static Stream<Arguments> crashPoints() {
        return Stream.of(
                Arguments.of("the second group still being written", (CrashPoint) disk -> {
                    disk.copyNew(0, CLEANED, LOG, INDEX, TIME_INDEX, TXN_INDEX);
                    disk.copyNew(7, CLEANED, LOG);
                    disk.truncate(7, LOG + CLEANED, 40);
                }, Outcome.OLD, true),
                Arguments.of("the second group renamed .swap, the first not yet", (CrashPoint) disk -> {
                    disk.copyNew(0, CLEANED, LOG, INDEX, TIME_INDEX, TXN_INDEX);
                    disk.copyNew(7, SWAP, LOG, INDEX, TIME_INDEX, TXN_INDEX);
                }, Outcome.OLD, true),
                Arguments.of("the first group's log renamed .swap, its indexes not yet", (CrashPoint) disk -> {
                    disk.copyNew(0, SWAP, LOG);
                    disk.copyNew(0, CLEANED, INDEX, TIME_INDEX, TXN_INDEX);
                    disk.copyNew(7, SWAP, LOG, INDEX, TIME_INDEX, TXN_INDEX);
                }, Outcome.OLD, true),
                Arguments.of("the first group's txn index still .cleaned", (CrashPoint) disk -> {
                    disk.copyNew(0, SWAP, LOG, INDEX, TIME_INDEX);
                    disk.copyNew(0, CLEANED, TXN_INDEX);
                    disk.copyNew(7, SWAP, LOG, INDEX, TIME_INDEX, TXN_INDEX);
                }, Outcome.OLD, true),
                Arguments.of("every group .swap, no old segment renamed yet",
                        (CrashPoint) disk -> disk.copyNewGroups(SWAP), Outcome.NEW, true),
                Arguments.of("the old segments of the second group renamed .deleted", (CrashPoint) disk -> {
                    disk.copyNewGroups(SWAP);
                    disk.renameOld(11, DELETED);
                    disk.renameOld(7, DELETED);
                }, Outcome.NEW, true),
                Arguments.of("the first group's log in place, the rest still .swap", (CrashPoint) disk -> {
                    disk.renameOldSegmentsDeleted();
                    disk.copyNew(0, "", LOG);
                    disk.copyNew(0, SWAP, INDEX, TIME_INDEX, TXN_INDEX);
                    disk.copyNew(7, SWAP, LOG, INDEX, TIME_INDEX, TXN_INDEX);
                }, Outcome.NEW, true),
                Arguments.of("the new segments in place, the old ones still .deleted", (CrashPoint) disk -> {
                    disk.renameOldSegmentsDeleted();
                    disk.copyNewGroups("");
                }, Outcome.NEW, true),
                Arguments.of("every group .swap without its indexes", (CrashPoint) disk -> {
                    disk.copyNew(0, SWAP, LOG);
                    disk.copyNew(7, SWAP, LOG);
                }, Outcome.NEW, false));
    }

    /** The crashed log's directory, and the files of the finished rewrite to put in it. */
    record Disk(Path rewritten, Path crashed) {

        /** Copies the new segment's files of the given kinds, each with {@code suffix} added. */
        void copyNew(long baseOffset, String suffix, String... kinds) throws IOException {
            for (String kind : kinds) {
                Files.copy(LogSegment.file(rewritten, baseOffset, kind), LogSegment.file(crashed, baseOffset,
                        kind + suffix), StandardCopyOption.REPLACE_EXISTING);
            }
        }

        /** Copies every file of both new segments, each with {@code suffix} added. */
        void copyNewGroups(String suffix) throws IOException {
            copyNew(0, suffix, LOG, INDEX, TIME_INDEX, TXN_INDEX);
            copyNew(7, suffix, LOG, INDEX, TIME_INDEX, TXN_INDEX);
        }

        /** Renames the files of every old segment {@code .deleted}, the highest first as a rewrite does. */
        void renameOldSegmentsDeleted() throws IOException {
            for (long old : List.of(11L, 7L, 4L, 0L)) {
                renameOld(old, DELETED);
            }
        }

        /** Renames the old segment's files, adding {@code suffix}. */
        void renameOld(long baseOffset, String suffix) throws IOException {
            for (String kind : List.of(LOG, INDEX, TIME_INDEX, TXN_INDEX)) {
                Path file = LogSegment.file(crashed, baseOffset, kind);
                assertTrue(Files.exists(file), file + " is not there");
                Files.move(file, file.resolveSibling(file.getFileName() + suffix));
            }
        }

        void truncate(long baseOffset, String kind, long size) throws IOException {
            try (FileChannel channel = FileChannel.open(LogSegment.file(crashed, baseOffset, kind),
                    StandardOpenOption.WRITE)) {
                channel.truncate(size);
            }
        }
    }
}
