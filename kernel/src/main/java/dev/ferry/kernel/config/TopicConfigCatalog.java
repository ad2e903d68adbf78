package dev.ferry.kernel.config;

import static dev.ferry.kernel.config.ValueRule.bool;
import static dev.ferry.kernel.config.ValueRule.doubleBetween;
import static dev.ferry.kernel.config.ValueRule.intAtLeast;
import static dev.ferry.kernel.config.ValueRule.intBetween;
import static dev.ferry.kernel.config.ValueRule.longAtLeast;
import static dev.ferry.kernel.config.ValueRule.oneOf;
import static org.apache.kafka.common.config.TopicConfig.*;

import dev.ferry.services.config.ConfigType;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every topic config key of Kafka 4.1, with Kafka's type, default, documentation, broker key and value range. The
 * one deviation: {@code segment.bytes} accepts from 14 bytes (Kafka 4.1 asks for 1 MiB), so that tests can roll
 * small segments.
 */
public final class TopicConfigCatalog {

    /** {@code leader/follower.replication.throttled.replicas}: {@code *} or partition:broker pairs. */
    private static final Pattern THROTTLED_REPLICAS = Pattern.compile("\\s*(\\*|(\\d+:\\d+)(\\s*,\\s*\\d+:\\d+)*)?\\s*");

    private static final Map<String, TopicConfigKey> KEYS = new LinkedHashMap<>();
    private static final Map<String, TopicConfigKey> BY_BROKER_KEY = new LinkedHashMap<>();

    static {
        key(SEGMENT_BYTES_CONFIG, ConfigType.INT, "1073741824", SEGMENT_BYTES_DOC, "log.segment.bytes", intAtLeast(14));
        key(SEGMENT_MS_CONFIG, ConfigType.LONG, "604800000", SEGMENT_MS_DOC, "log.roll.ms", longAtLeast(1));
        key(SEGMENT_JITTER_MS_CONFIG, ConfigType.LONG, "0", SEGMENT_JITTER_MS_DOC, "log.roll.jitter.ms",
                longAtLeast(0));
        key(SEGMENT_INDEX_BYTES_CONFIG, ConfigType.INT, "10485760", SEGMENT_INDEX_BYTES_DOC,
                "log.index.size.max.bytes", intAtLeast(4));
        key(FLUSH_MESSAGES_INTERVAL_CONFIG, ConfigType.LONG, "9223372036854775807", FLUSH_MESSAGES_INTERVAL_DOC,
                "log.flush.interval.messages", longAtLeast(1));
        key(FLUSH_MS_CONFIG, ConfigType.LONG, "9223372036854775807", FLUSH_MS_DOC, "log.flush.interval.ms",
                longAtLeast(0));
        key(RETENTION_BYTES_CONFIG, ConfigType.LONG, "-1", RETENTION_BYTES_DOC, "log.retention.bytes",
                longAtLeast(Long.MIN_VALUE));
        key(RETENTION_MS_CONFIG, ConfigType.LONG, "604800000", RETENTION_MS_DOC, "log.retention.ms", longAtLeast(-1));
        key(REMOTE_LOG_STORAGE_ENABLE_CONFIG, ConfigType.BOOLEAN, "false", REMOTE_LOG_STORAGE_ENABLE_DOC, null,
                bool());
        key(LOCAL_LOG_RETENTION_MS_CONFIG, ConfigType.LONG, "-2", LOCAL_LOG_RETENTION_MS_DOC, "log.local.retention.ms",
                longAtLeast(-2));
        key(LOCAL_LOG_RETENTION_BYTES_CONFIG, ConfigType.LONG, "-2", LOCAL_LOG_RETENTION_BYTES_DOC,
                "log.local.retention.bytes", longAtLeast(-2));
        key(REMOTE_LOG_COPY_DISABLE_CONFIG, ConfigType.BOOLEAN, "false", REMOTE_LOG_COPY_DISABLE_DOC, null, bool());
        key(REMOTE_LOG_DELETE_ON_DISABLE_CONFIG, ConfigType.BOOLEAN, "false", REMOTE_LOG_DELETE_ON_DISABLE_DOC, null,
                bool());
        key(MAX_MESSAGE_BYTES_CONFIG, ConfigType.INT, "1048588", MAX_MESSAGE_BYTES_DOC, "message.max.bytes",
                intAtLeast(0));
        key(INDEX_INTERVAL_BYTES_CONFIG, ConfigType.INT, "4096", INDEX_INTERVAL_BYTES_DOC, "log.index.interval.bytes",
                intAtLeast(0));
        key(FILE_DELETE_DELAY_MS_CONFIG, ConfigType.LONG, "60000", FILE_DELETE_DELAY_MS_DOC,
                "log.segment.delete.delay.ms", longAtLeast(0));
        key(DELETE_RETENTION_MS_CONFIG, ConfigType.LONG, "86400000", DELETE_RETENTION_MS_DOC,
                "log.cleaner.delete.retention.ms", longAtLeast(0));
        key(MIN_COMPACTION_LAG_MS_CONFIG, ConfigType.LONG, "0", MIN_COMPACTION_LAG_MS_DOC,
                "log.cleaner.min.compaction.lag.ms", longAtLeast(0));
        key(MAX_COMPACTION_LAG_MS_CONFIG, ConfigType.LONG, "9223372036854775807", MAX_COMPACTION_LAG_MS_DOC,
                "log.cleaner.max.compaction.lag.ms", longAtLeast(1));
        key(MIN_CLEANABLE_DIRTY_RATIO_CONFIG, ConfigType.DOUBLE, "0.5", MIN_CLEANABLE_DIRTY_RATIO_DOC,
                "log.cleaner.min.cleanable.ratio", doubleBetween(0, 1));
        // the installed retention policies decide which names are valid: see TopicConfigValidation
        key(CLEANUP_POLICY_CONFIG, ConfigType.LIST, "delete", CLEANUP_POLICY_DOC, "log.cleanup.policy",
                ValueRule.any());
        key(UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, ConfigType.BOOLEAN, "false", UNCLEAN_LEADER_ELECTION_ENABLE_DOC,
                "unclean.leader.election.enable", bool());
        key(MIN_IN_SYNC_REPLICAS_CONFIG, ConfigType.INT, "1", MIN_IN_SYNC_REPLICAS_DOC, "min.insync.replicas",
                intAtLeast(1));
        key(COMPRESSION_TYPE_CONFIG, ConfigType.STRING, "producer", COMPRESSION_TYPE_DOC, "compression.type",
                oneOf("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"));
        key(COMPRESSION_GZIP_LEVEL_CONFIG, ConfigType.INT, "-1", COMPRESSION_GZIP_LEVEL_DOC, "compression.gzip.level",
                intBetween(1, 9).or(intBetween(-1, -1)));
        key(COMPRESSION_LZ4_LEVEL_CONFIG, ConfigType.INT, "9", COMPRESSION_LZ4_LEVEL_DOC, "compression.lz4.level",
                intBetween(1, 17));
        key(COMPRESSION_ZSTD_LEVEL_CONFIG, ConfigType.INT, "3", COMPRESSION_ZSTD_LEVEL_DOC, "compression.zstd.level",
                intBetween(-131072, 22));
        key(PREALLOCATE_CONFIG, ConfigType.BOOLEAN, "false", PREALLOCATE_DOC, "log.preallocate", bool());
        key(MESSAGE_TIMESTAMP_TYPE_CONFIG, ConfigType.STRING, "CreateTime", MESSAGE_TIMESTAMP_TYPE_DOC,
                "log.message.timestamp.type", oneOf("CreateTime", "LogAppendTime"));
        key(MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, ConfigType.LONG, "9223372036854775807",
                MESSAGE_TIMESTAMP_BEFORE_MAX_MS_DOC, "log.message.timestamp.before.max.ms", longAtLeast(0));
        key(MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, ConfigType.LONG, "3600000", MESSAGE_TIMESTAMP_AFTER_MAX_MS_DOC,
                "log.message.timestamp.after.max.ms", longAtLeast(0));
        key("leader.replication.throttled.replicas", ConfigType.LIST, "",
                "A list of replicas for which log replication should be throttled on the leader side, in the form "
                        + "[PartitionId]:[BrokerId],[PartitionId]:[BrokerId]:... or the wildcard '*'.",
                null, TopicConfigCatalog::throttledReplicas);
        key("follower.replication.throttled.replicas", ConfigType.LIST, "",
                "A list of replicas for which log replication should be throttled on the follower side, in the form "
                        + "[PartitionId]:[BrokerId],[PartitionId]:[BrokerId]:... or the wildcard '*'.",
                null, TopicConfigCatalog::throttledReplicas);
    }

    private TopicConfigCatalog() {
    }

    /** Every key, in Kafka's order. */
    public static Collection<TopicConfigKey> keys() {
        return KEYS.values();
    }

    public static Optional<TopicConfigKey> key(String name) {
        return Optional.ofNullable(KEYS.get(name));
    }

    /** The topic key a broker key sets the default of: {@code retention.ms} for {@code log.retention.ms}. */
    public static Optional<TopicConfigKey> byBrokerKey(String brokerKey) {
        return Optional.ofNullable(BY_BROKER_KEY.get(brokerKey));
    }

    private static void throttledReplicas(String value) {
        if (!THROTTLED_REPLICAS.matcher(value).matches()) {
            throw new IllegalArgumentException("must be the literal '*' or a list of replicas in the following "
                    + "format: [partitionId]:[brokerId],[partitionId]:[brokerId],...");
        }
    }

    private static void key(String name, ConfigType type, String defaultValue, String documentation,
                            String brokerKey, ValueRule rule) {
        TopicConfigKey key = new TopicConfigKey(name, type, defaultValue, documentation, Optional.ofNullable(brokerKey),
                rule);
        KEYS.put(name, key);
        if (brokerKey != null) {
            BY_BROKER_KEY.put(brokerKey, key);
        }
    }
}
