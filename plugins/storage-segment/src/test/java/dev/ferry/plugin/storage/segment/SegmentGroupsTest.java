package dev.ferry.plugin.storage.segment;

import static dev.ferry.plugin.storage.segment.Batches.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentGroupsTest {

    private static final int BATCH_BYTES = batch(0, 1, 100).remaining();

    @TempDir
    Path directory;

    private final List<LogSegment> opened = new ArrayList<>();

    @AfterEach
    void closeSegments() throws IOException {
        for (LogSegment segment : opened) {
            segment.close();
        }
    }

    @Test
    void consecutiveSegmentsGoTogetherWhileTheirLogsFitSegmentBytes() throws IOException {
        // Given: segments of 2, 1, 2, 3 and 1 batches
        LogConfig config = config("segment.bytes", String.valueOf(3 * BATCH_BYTES));
        List<LogSegment> segments = List.of(segment(0, 2, config), segment(2, 1, config), segment(3, 2, config),
                segment(5, 3, config), segment(8, 1, config));

        // When
        List<List<Long>> groups = baseOffsets(SegmentGroups.bySize(segments, config, 9));

        // Then
        assertEquals(List.of(List.of(0L, 2L), List.of(3L), List.of(5L), List.of(8L)), groups);
    }

    @Test
    void aGroupEndsWhereItsTimeIndexWouldPassSegmentIndexBytes() throws IOException {
        // Given: segments of two batches, newer and newer: one offset index entry (8 bytes), one time index entry
        // (12 bytes) each
        LogConfig writing = config("index.interval.bytes", "1");
        List<LogSegment> segments = List.of(segment(0, 2, writing), segment(2, 2, writing), segment(4, 2, writing));
        LogConfig rewriting = config("segment.index.bytes", String.valueOf(2 * TimeIndex.ENTRY_SIZE));

        // When
        List<List<Long>> groups = baseOffsets(SegmentGroups.bySize(segments, rewriting, 6));

        // Then
        assertEquals(List.of(List.of(0L, 2L), List.of(4L)), groups);
    }

    @Test
    void aGroupEndsWhereItsOffsetIndexWouldPassSegmentIndexBytes() throws IOException {
        // Given: segments of three batches of one timestamp: two offset index entries (16 bytes), one time index
        // entry (12 bytes) each
        LogConfig writing = config("index.interval.bytes", "1");
        List<LogSegment> segments = List.of(segment(0, 3, writing, 5000), segment(3, 3, writing, 5000),
                segment(6, 3, writing, 5000));
        LogConfig rewriting = config("segment.index.bytes", "40");

        // When
        List<List<Long>> groups = baseOffsets(SegmentGroups.bySize(segments, rewriting, 9));

        // Then
        assertEquals(List.of(List.of(0L, 3L), List.of(6L)), groups);
    }

    @Test
    void aGroupEndsBeforeOffsetsThatWouldNotFitAnIntFromItsBaseOffset() throws IOException {
        // Given: the segment at 2^31 - 2 may hold offsets up to 2^31 + 9, past an int from 0
        long far = Integer.MAX_VALUE - 1L;
        LogConfig config = config();
        List<LogSegment> segments = List.of(segment(0, 1, config), segment(1, 1, config), segment(far, 1, config));

        // When
        List<List<Long>> groups = baseOffsets(SegmentGroups.bySize(segments, config, far + 10));

        // Then
        assertEquals(List.of(List.of(0L, 1L), List.of(far)), groups);
    }

    @Test
    void anEmptySegmentJoinsAGroupWhateverOffsetsFollowIt() throws IOException {
        // Given: an empty segment at 1, the next one far away
        long far = 3L * Integer.MAX_VALUE;
        LogConfig config = config();
        List<LogSegment> segments = List.of(segment(0, 1, config), segment(1, 0, config), segment(far, 1, config));

        // When
        List<List<Long>> groups = baseOffsets(SegmentGroups.bySize(segments, config, far + 1));

        // Then
        assertEquals(List.of(List.of(0L, 1L), List.of(far)), groups);
    }

    /** A closed segment of one-record batches, timestamped 1000 plus their offset. */
    private LogSegment segment(long baseOffset, int batches, LogConfig config) throws IOException {
        return segment(baseOffset, batches, config, -1);
    }

    /** As {@link #segment(long, int, LogConfig)}, all batches timestamped {@code timestamp} unless it is -1. */
    private LogSegment segment(long baseOffset, int batches, LogConfig config, long timestamp) throws IOException {
        LogSegment segment = LogSegment.open(directory, baseOffset, config, 0);
        opened.add(segment);
        for (long offset = baseOffset; offset < baseOffset + batches; offset++) {
            segment.append(timestamp < 0 ? batch(offset, 1, 100) : batch(offset, 1, 100, timestamp), batch -> { });
        }
        segment.onBecomeInactive();
        return segment;
    }

    private static LogConfig config(String... keysAndValues) {
        Map<String, String> config = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return LogConfig.of(config);
    }

    private static List<List<Long>> baseOffsets(List<List<LogSegment>> groups) {
        return groups.stream().map(group -> group.stream().map(LogSegment::baseOffset).toList()).toList();
    }
}
