package dev.ferry.plugin.storage.segment;

import static dev.ferry.plugin.storage.segment.Batches.abortMarker;
import static dev.ferry.plugin.storage.segment.Batches.appendOf;
import static dev.ferry.plugin.storage.segment.Batches.batch;
import static dev.ferry.plugin.storage.segment.Batches.transactionalBatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.AbortedTransactionRange;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.storage.ProducerSnapshot;
import dev.ferry.spi.storage.SegmentInfo;
import dev.ferry.spi.time.ManualScheduler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.storage.internals.log.BatchMetadata;
import org.apache.kafka.storage.internals.log.ProducerStateEntry;
import org.apache.kafka.storage.internals.log.ProducerStateManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apache Kafka's own {@code kafka.tools.DumpLogSegments}, in a separate JVM, reads and verifies our files. */
class KafkaDumpLogSegmentsTest {

    private static final TopicPartition EVENTS = new TopicPartition("events", 0);
    /** What DumpLogSegments prints when a log or an index is not what Kafka expects. */
    private static final List<String> ERROR_MARKERS = List.of("Mismatches in", "Non-consecutive offsets",
            "Found timestamp mismatch", "Found out of order timestamp", "not found in the log", "Error at",
            "is corrupt", "not the expected", "Exception");

    private static final Map<String, String> CONFIG = Map.of("segment.bytes", "20000", "index.interval.bytes", "1000");

    @TempDir
    Path logDir;

    private final ManualScheduler scheduler = new ManualScheduler();
    private int segments;

    @BeforeEach
    void writeAMultiSegmentLogAndCloseIt() throws IOException {
        SegmentStorageEngine engine = TestLogs.started(logDir, scheduler);
        PartitionLog log = engine.open(EVENTS, CONFIG);
        Random random = new Random(3);
        for (int i = 0; i < 400; i++) {
            log.append(appendOf(batch(log.logEndOffset(), 1 + random.nextInt(5), 10 + random.nextInt(300),
                    1_700_000_000_000L + 10L * i)));
        }
        segments = log.segments().size();
        engine.close();
        assertTrue(segments >= 4, "segments: " + segments);
    }

    @Test
    void deepIterationReadsEveryBatchAndFindsNoError() throws Exception {
        List<Path> logs = TestLogs.files(logDir.resolve("events-0"), ".log");

        String output = dumpLogSegments(logs, "--deep-iteration");

        assertEquals(400, output.lines().filter(line -> line.startsWith("baseOffset:")).count());
        assertEquals(400, output.lines().filter(line -> line.contains("isvalid: true")).count());
    }

    @Test
    void indexesAndTimeIndexesVerifyAgainstTheirLogs() throws Exception {
        Path dir = logDir.resolve("events-0");
        List<Path> indexes = new ArrayList<>(TestLogs.files(dir, ".index"));
        indexes.addAll(TestLogs.files(dir, ".timeindex"));
        assertEquals(2 * segments, indexes.size());

        dumpLogSegments(indexes, "--verify-index-only");
        String entries = dumpLogSegments(indexes, "--deep-iteration");
        String sanity = dumpLogSegments(indexes, "--index-sanity-check");

        assertTrue(entries.lines().filter(line -> line.startsWith("offset:")).count() > 20, entries);
        assertTrue(entries.lines().filter(line -> line.startsWith("timestamp:")).count() > 20, entries);
        assertEquals(indexes.size(), sanity.lines().filter(line -> line.contains("passed sanity check")).count(),
                sanity);
    }

    @Test
    void aRewrittenLogWithGapsAndMergedSegmentsReadsAndVerifies() throws Exception {
        // Given: every offset divisible by 3 compacted away, segments merged two by two
        List<TestFilters.KeyedRecord> kept = rewriteKeepingOffsetsNotDivisibleBy3();
        Path dir = logDir.resolve("events-0");
        List<Path> logs = TestLogs.files(dir, ".log");
        List<Path> indexes = new ArrayList<>(TestLogs.files(dir, ".index"));
        indexes.addAll(TestLogs.files(dir, ".timeindex"));

        // When
        String records = dumpLogSegments(logs, "--deep-iteration", "Non-consecutive offsets");
        dumpLogSegments(indexes, "--verify-index-only");
        String sanity = dumpLogSegments(indexes, "--index-sanity-check");

        // Then: every kept record is there, and the only gaps are the records that went
        assertEquals(kept.size(), records.lines().filter(line -> line.startsWith("| offset:")).count());
        List<String> gaps = records.lines().filter(line -> line.contains(" is followed by ")).toList();
        assertFalse(gaps.isEmpty(), records);
        for (String gap : gaps) {
            String[] pair = gap.trim().split(" is followed by ");
            for (long offset = Long.parseLong(pair[0]) + 1; offset < Long.parseLong(pair[1]); offset++) {
                assertEquals(0, offset % 3, gap);
            }
        }
        assertTrue(logs.size() < segments, logs.toString());
        assertEquals(indexes.size(), sanity.lines().filter(line -> line.contains("passed sanity check")).count(),
                sanity);
    }

    /** Reopens the log, rewrites its closed segments and closes it again; returns what is left. */
    private List<TestFilters.KeyedRecord> rewriteKeepingOffsetsNotDivisibleBy3() throws IOException {
        SegmentStorageEngine engine = TestLogs.started(logDir, scheduler);
        PartitionLog log = engine.open(EVENTS, CONFIG);
        log.reconfigure(Map.of("segment.bytes", "45000", "index.interval.bytes", "1000"));
        List<SegmentInfo> before = log.segments();
        log.rewrite(before.get(before.size() - 1).baseOffset(),
                TestFilters.keepRecords(record -> record.offset() % 3 != 0));
        List<TestFilters.KeyedRecord> kept = TestFilters.recordsOf(TestLogs.readAll(log));
        engine.close();
        return kept;
    }

    @Test
    void txnIndexesAndProducerSnapshotsReadAsKafkasOwn() throws Exception {
        // Given: two transactions of producer 42 aborted, in a closed segment and in the active one, and a snapshot
        // in Kafka's format written by Kafka's own code
        SegmentStorageEngine engine = TestLogs.started(logDir, scheduler);
        PartitionLog log = engine.open(EVENTS, CONFIG);
        long closedMarker = log.segments().get(1).baseOffset() - 1;
        log.appendAbortedTransaction(new AbortedTransactionRange(42, closedMarker - 2, closedMarker, closedMarker - 2));
        long first = log.logEndOffset();
        log.append(appendOf(transactionalBatch(first, 42, (short) 3)));
        log.append(appendOf(abortMarker(first + 1, 42, (short) 3)));
        log.appendAbortedTransaction(new AbortedTransactionRange(42, first, first + 1, first));
        log.writeProducerSnapshot(new ProducerSnapshot(log.logEndOffset(), kafkaSnapshotOf(42, (short) 3, first)));
        engine.close();
        Path dir = logDir.resolve("events-0");
        List<Path> txnIndexes = TestLogs.files(dir, LogSegment.TXN_INDEX_SUFFIX);
        List<Path> snapshots = TestLogs.files(dir, ProducerSnapshotFiles.SUFFIX);

        // When
        String aborted = dumpLogSegments(txnIndexes, "--deep-iteration");
        String producers = dumpLogSegments(snapshots, "--deep-iteration");

        // Then
        assertEquals(2, txnIndexes.size());
        assertTrue(aborted.contains("version: 0 producerId: 42 firstOffset: " + (closedMarker - 2) + " lastOffset: "
                + closedMarker + " lastStableOffset: " + (closedMarker - 2)), aborted);
        assertTrue(aborted.contains("version: 0 producerId: 42 firstOffset: " + first + " lastOffset: " + (first + 1)
                + " lastStableOffset: " + first), aborted);
        assertEquals(1, snapshots.size());
        assertTrue(producers.contains("producerId: 42 producerEpoch: 3 coordinatorEpoch: 7"), producers);
        assertTrue(producers.contains("lastOffset: " + first + " offsetDelta: 0"), producers);
    }

    /** The bytes of a snapshot of one producer, its last batch at {@code lastOffset}, as Kafka writes them. */
    private ByteBuffer kafkaSnapshotOf(long producerId, short epoch, long lastOffset) throws IOException {
        ProducerStateEntry entry = new ProducerStateEntry(producerId, epoch, 7, 1_700_000_000_000L,
                OptionalLong.empty(), Optional.of(new BatchMetadata(0, lastOffset, 0, 1_700_000_000_000L)));
        Path file = Files.createTempFile(logDir, "kafka", ".snapshot");
        ProducerStateManager.writeSnapshot(file.toFile(), Map.of(producerId, entry), false);
        byte[] bytes = Files.readAllBytes(file);
        Files.delete(file);
        return ByteBuffer.wrap(bytes);
    }

    @Test
    void theToolDoesReportADamagedIndex() throws Exception {
        // Given: the first offset index entry points at the batch of the second
        Path index = TestLogs.files(logDir.resolve("events-0"), ".index").get(0);
        byte[] bytes = Files.readAllBytes(index);
        System.arraycopy(bytes, 12, bytes, 4, 4);
        Files.write(index, bytes);

        // When
        String output = run(List.of(index), "--verify-index-only");

        // Then
        assertTrue(output.contains("Mismatches in"), output);
    }

    /**
     * Runs the tool on the files and returns its output, failing on a non-zero exit or an error line other than the
     * expected ones.
     */
    private static String dumpLogSegments(List<Path> files, String option, String... expected)
            throws IOException, InterruptedException {
        String output = run(files, option);
        for (String marker : ERROR_MARKERS) {
            if (!List.of(expected).contains(marker)) {
                assertFalse(output.contains(marker), "'" + marker + "' in the output:\n" + output);
            }
        }
        for (Path file : files) {
            assertTrue(output.contains("Dumping " + file), output);
        }
        return output;
    }

    private static String run(List<Path> files, String option) throws IOException, InterruptedException {
        String list = String.join(",", files.stream().map(Path::toString).toList());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "kafka.tools.DumpLogSegments", "--files", list, option)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "DumpLogSegments did not finish");
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
