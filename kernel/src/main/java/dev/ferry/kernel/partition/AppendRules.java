package dev.ferry.kernel.partition;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.RecordBatch;

/**
 * What a topic's config asks of each produced batch: its largest size, and either the broker's append time as its
 * timestamp ({@code LogAppendTime}) or the producer's within a window around now ({@code CreateTime}).
 *
 * @param maxBatchBytes {@code max.message.bytes}
 * @param logAppendTime whether {@code message.timestamp.type} is {@code LogAppendTime}
 * @param beforeMaxMs {@code message.timestamp.before.max.ms}
 * @param afterMaxMs {@code message.timestamp.after.max.ms}
 * @param keysRequired whether {@code cleanup.policy} compacts, so that every record needs a key
 */
record AppendRules(int maxBatchBytes, boolean logAppendTime, long beforeMaxMs, long afterMaxMs,
                   boolean keysRequired) {

    /** Reads an effective topic config, which holds every key (the caller validated them). */
    static AppendRules of(Map<String, String> config) {
        return new AppendRules(
                (int) Math.min(Integer.MAX_VALUE, Long.parseLong(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG))),
                "LogAppendTime".equals(config.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG)),
                Long.parseLong(config.get(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG)),
                Long.parseLong(config.get(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG)),
                compacts(config.get(TopicConfig.CLEANUP_POLICY_CONFIG)));
    }

    /** Whether a {@code cleanup.policy} list names Kafka's {@code compact}, which needs a key in every record. */
    private static boolean compacts(String cleanupPolicy) {
        return Arrays.stream(cleanupPolicy.split(",")).map(String::trim).anyMatch("compact"::equals);
    }

    /**
     * With {@code CreateTime}, refuses a batch timestamp outside [now - before, now + after] as Kafka does. Checks
     * the timestamps in the batch header (the first and the largest), since no record is decoded.
     */
    void checkTimestamp(long timestamp, long batchBaseOffset, long nowMs) {
        if (logAppendTime || timestamp == RecordBatch.NO_TIMESTAMP) {
            return;
        }
        long earliest = saturatedAdd(nowMs, -beforeMaxMs);
        long latest = saturatedAdd(nowMs, afterMaxMs);
        if (timestamp < earliest || timestamp > latest) {
            throw new BrokerException(BrokerError.INVALID_TIMESTAMP, "Timestamp " + timestamp
                    + " of message with offset " + batchBaseOffset + " is out of range. The timestamp should be within ["
                    + earliest + ", " + latest + "]");
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return b < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }
}
