package dev.ferry.plugin.storage.segment;

import java.util.Arrays;
import java.util.Map;

/**
 * The topic settings the segment engine honours, read from Kafka's topic config keys.
 *
 * @param segmentBytes {@code segment.bytes}: roll before the active segment would pass this size
 * @param segmentMs {@code segment.ms}: roll once the active segment's records span this long
 * @param segmentIndexBytes {@code segment.index.bytes}: the size each index file is preallocated to
 * @param indexIntervalBytes {@code index.interval.bytes}: bytes of batches between two index entries
 * @param flushMessages {@code flush.messages}: fsync once this many records are unflushed
 * @param flushMs {@code flush.ms}: fsync once the oldest unflushed append is this old
 * @param fileDeleteDelayMs {@code file.delete.delay.ms}: how long a deleted segment stays readable
 * @param compact whether {@code cleanup.policy} holds {@code compact}
 * @param maxCompactionLagMs {@code max.compaction.lag.ms}: the longest a record of a compacted topic stays out of
 *     the cleaner's reach, which only covers closed segments
 */
record LogConfig(int segmentBytes, long segmentMs, int segmentIndexBytes, int indexIntervalBytes, long flushMessages,
                 long flushMs, long fileDeleteDelayMs, boolean compact, long maxCompactionLagMs) {

    static final String SEGMENT_BYTES = "segment.bytes";
    static final String SEGMENT_MS = "segment.ms";
    static final String SEGMENT_INDEX_BYTES = "segment.index.bytes";
    static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";
    static final String FLUSH_MESSAGES = "flush.messages";
    static final String FLUSH_MS = "flush.ms";
    static final String FILE_DELETE_DELAY_MS = "file.delete.delay.ms";
    static final String CLEANUP_POLICY = "cleanup.policy";
    static final String MAX_COMPACTION_LAG_MS = "max.compaction.lag.ms";
    static final String COMPACT = "compact";

    static final int DEFAULT_INDEX_INTERVAL_BYTES = 4096;

    /** Kafka's defaults. */
    static final LogConfig DEFAULT = new LogConfig(1024 * 1024 * 1024, 7 * 24 * 60 * 60 * 1000L, 10 * 1024 * 1024,
            DEFAULT_INDEX_INTERVAL_BYTES, Long.MAX_VALUE, Long.MAX_VALUE, 60_000L, false, Long.MAX_VALUE);

    /** Kafka's lower bounds: a v0 record's overhead for a segment, one int for an index. */
    private static final int MIN_SEGMENT_BYTES = 14;
    private static final int MIN_SEGMENT_INDEX_BYTES = 4;

    /**
     * Reads the keys this engine knows, with Kafka's defaults for missing ones; other keys are ignored.
     *
     * @throws IllegalArgumentException naming the key of a value that is not a number or out of Kafka's range
     */
    static LogConfig of(Map<String, String> topicConfig) {
        return new LogConfig(
                (int) number(topicConfig, SEGMENT_BYTES, DEFAULT.segmentBytes, MIN_SEGMENT_BYTES, Integer.MAX_VALUE),
                number(topicConfig, SEGMENT_MS, DEFAULT.segmentMs, 1, Long.MAX_VALUE),
                (int) number(topicConfig, SEGMENT_INDEX_BYTES, DEFAULT.segmentIndexBytes, MIN_SEGMENT_INDEX_BYTES,
                        Integer.MAX_VALUE),
                (int) number(topicConfig, INDEX_INTERVAL_BYTES, DEFAULT.indexIntervalBytes, 0, Integer.MAX_VALUE),
                number(topicConfig, FLUSH_MESSAGES, DEFAULT.flushMessages, 1, Long.MAX_VALUE),
                number(topicConfig, FLUSH_MS, DEFAULT.flushMs, 0, Long.MAX_VALUE),
                number(topicConfig, FILE_DELETE_DELAY_MS, DEFAULT.fileDeleteDelayMs, 0, Long.MAX_VALUE),
                compacts(topicConfig.get(CLEANUP_POLICY)),
                number(topicConfig, MAX_COMPACTION_LAG_MS, DEFAULT.maxCompactionLagMs, 1, Long.MAX_VALUE));
    }

    /** Whether a {@code cleanup.policy} list ("delete", "compact", "compact,delete"...) holds {@code compact}. */
    private static boolean compacts(String cleanupPolicy) {
        return cleanupPolicy != null
                && Arrays.stream(cleanupPolicy.split(",")).map(String::trim).anyMatch(COMPACT::equals);
    }

    private static long number(Map<String, String> config, String key, long defaultValue, long min, long max) {
        String text = config.get(key);
        if (text == null) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value " + text + " for topic config " + key + ": not a number");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "Invalid value " + text + " for topic config " + key + ": must be in [" + min + ", " + max + "]");
        }
        return value;
    }

    /**
     * How long the active segment may span before it rolls, Kafka's {@code maxSegmentMs}: {@code segment.ms}, or
     * {@code max.compaction.lag.ms} when that is sooner on a compacted topic, since the cleaner cannot reach records
     * until their segment rolls.
     */
    long maxSegmentMs() {
        return compact ? Math.min(segmentMs, maxCompactionLagMs) : segmentMs;
    }

    boolean flushesOnMessages() {
        return flushMessages != Long.MAX_VALUE;
    }

    boolean flushesOnTime() {
        return flushMs != Long.MAX_VALUE;
    }
}
