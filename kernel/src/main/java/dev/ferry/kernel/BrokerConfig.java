package dev.ferry.kernel;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.ferry.coordinator.group.GroupCoordinatorConfig;
import dev.ferry.coordinator.group.classic.ClassicGroupConfig;
import dev.ferry.coordinator.group.consumer.ConsumerGroupConfig;
import dev.ferry.coordinator.transaction.TransactionConfig;
import dev.ferry.kernel.cleaner.CleanerConfig;
import dev.ferry.kernel.config.ConfigLayers;
import dev.ferry.kernel.config.ConfigReader;
import dev.ferry.kernel.config.ListenerParser;
import dev.ferry.kernel.config.TopicConfigDefaults;
import dev.ferry.spi.protocol.Listener;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's settings, read and checked once at start. Plugins read their own keys from {@link #raw()}.
 */
public record BrokerConfig(
        Config raw,
        int nodeId,
        List<Listener> listeners,
        List<Listener> advertisedListeners,
        List<Path> logDirs,
        Path pluginsDir,
        Optional<String> storageEngine,
        Optional<String> protocolHandler,
        int networkThreads,
        int ioThreads,
        int backgroundThreads,
        int groupCoordinatorThreads,
        int numPartitions,
        int defaultReplicationFactor,
        boolean autoCreateTopics,
        TopicConfigDefaults topicDefaults,
        long retentionCheckIntervalMs,
        long shutdownTimeoutMs,
        GroupCoordinatorConfig groups,
        TransactionConfig transactions,
        ProducerExpiryConfig producerExpiry,
        CleanerConfig cleaner) {

    /**
     * How long a partition remembers an idle producer ({@code producer.id.expiration.ms}) and how often it checks
     * ({@code producer.id.expiration.check.interval.ms}).
     */
    public record ProducerExpiryConfig(long expirationMs, long checkIntervalMs) {
    }

    public static final String STORAGE_ENGINE = "storage.engine";
    public static final String PROTOCOL_HANDLER = "protocol.handler";
    public static final String PLUGINS_DIR = "plugins.dir";
    public static final String GROUP_CONSUMER_ASSIGNORS = "group.consumer.assignors";

    /** Reads and checks every kernel key of a complete configuration. */
    public static BrokerConfig from(Config config) {
        ConfigReader reader = new ConfigReader(config);
        List<Listener> listeners = ListenerParser.parse(reader, "listeners");
        if (listeners.isEmpty()) {
            throw reader.problem("listeners", "at least one listener is needed");
        }
        List<Listener> advertised = ListenerParser.parse(reader, "advertised.listeners");
        for (Listener listener : advertised) {
            if (listeners.stream().noneMatch(l -> l.name().equals(listener.name()))) {
                throw reader.problem("advertised.listeners", "listener " + listener.name() + " is not in listeners");
            }
        }
        return new BrokerConfig(
                config,
                reader.intAtLeast("node.id", 0),
                listeners,
                advertised,
                logDirs(reader),
                Path.of(reader.string(PLUGINS_DIR)).toAbsolutePath(),
                reader.optionalString(STORAGE_ENGINE),
                reader.optionalString(PROTOCOL_HANDLER),
                reader.intAtLeast("num.network.threads", 1),
                reader.intAtLeast("num.io.threads", 1),
                reader.intAtLeast("background.threads", 1),
                reader.intAtLeast("group.coordinator.threads", 1),
                reader.intAtLeast("num.partitions", 1),
                reader.intAtLeast("default.replication.factor", 1),
                reader.bool("auto.create.topics.enable"),
                TopicConfigDefaults.read(reader),
                reader.longAtLeast("log.retention.check.interval.ms", 1),
                reader.longAtLeast("shutdown.timeout.ms", 0),
                groups(config, reader),
                transactions(reader),
                new ProducerExpiryConfig(reader.longAtLeast("producer.id.expiration.ms", 1),
                        reader.longAtLeast("producer.id.expiration.check.interval.ms", 1)),
                cleaner(reader));
    }

    /** The plugins folder, which must be known before plugins (and so their defaults) are loaded. */
    public static Path pluginsDir(ConfigLayers.UserSettings userSettings, Config kernelReference) {
        ConfigReader reader = new ConfigReader(userSettings.placedFor(kernelReference).withFallback(kernelReference));
        return Path.of(reader.string(PLUGINS_DIR)).toAbsolutePath();
    }

    private static GroupCoordinatorConfig groups(Config config, ConfigReader reader) {
        int minSessionTimeoutMs = reader.intAtLeast("group.min.session.timeout.ms", 0);
        ClassicGroupConfig classic = new ClassicGroupConfig(
                reader.intAtLeast("group.initial.rebalance.delay.ms", 0),
                minSessionTimeoutMs,
                reader.intAtLeast("group.max.session.timeout.ms", minSessionTimeoutMs),
                reader.intAtLeast("group.max.size", 1),
                ClassicGroupConfig.NEW_MEMBER_JOIN_TIMEOUT_MS);
        int consumerSessionTimeoutMs = reader.intAtLeast("group.consumer.session.timeout.ms", 1);
        int consumerHeartbeatIntervalMs = reader.intAtLeast("group.consumer.heartbeat.interval.ms", 1);
        if (consumerHeartbeatIntervalMs >= consumerSessionTimeoutMs) {
            throw reader.problem("group.consumer.heartbeat.interval.ms",
                    "must be less than group.consumer.session.timeout.ms (" + consumerSessionTimeoutMs + ")");
        }
        ConsumerGroupConfig consumer = new ConsumerGroupConfig(consumerSessionTimeoutMs, consumerHeartbeatIntervalMs,
                reader.intAtLeast("group.consumer.max.size", 1));
        return new GroupCoordinatorConfig(classic, consumer,
                names(config, reader, GROUP_CONSUMER_ASSIGNORS),
                reader.intAtLeast("offsets.topic.num.partitions", 1),
                reader.intAtLeast("offsets.topic.segment.bytes", 1),
                reader.intAtLeast("offsets.retention.minutes", 1) * 60_000L,
                reader.longAtLeast("offsets.retention.check.interval.ms", 1),
                reader.intAtLeast("offset.metadata.max.bytes", 0));
    }

    private static CleanerConfig cleaner(ConfigReader reader) {
        int threads = reader.intAtLeast("log.cleaner.threads", 1);
        long dedupeBufferBytes = reader.longAtLeast("log.cleaner.dedupe.buffer.size", 1);
        if (dedupeBufferBytes / threads < 1024 * 1024) {
            throw reader.problem("log.cleaner.dedupe.buffer.size", "must give each of the " + threads
                    + " log.cleaner.threads at least 1 MiB");
        }
        double ioMaxBytesPerSecond = reader.doubleAtLeast("log.cleaner.io.max.bytes.per.second", 1);
        return new CleanerConfig(reader.bool("log.cleaner.enable"), threads, dedupeBufferBytes,
                reader.intAtLeast("log.cleaner.io.buffer.size", 1024), ioMaxBytesPerSecond,
                reader.longAtLeast("log.cleaner.backoff.ms", 0));
    }

    private static TransactionConfig transactions(ConfigReader reader) {
        return new TransactionConfig(
                reader.intAtLeast("transaction.state.log.num.partitions", 1),
                reader.intAtLeast("transaction.state.log.segment.bytes", 1),
                reader.intAtLeast("transaction.max.timeout.ms", 1),
                reader.longAtLeast("transactional.id.expiration.ms", 1),
                reader.longAtLeast("transaction.abort.timed.out.transaction.cleanup.interval.ms", 1),
                reader.longAtLeast("transaction.remove.expired.transaction.cleanup.interval.ms", 1));
    }

    private static List<String> names(Config config, ConfigReader reader, String key) {
        List<String> names;
        try {
            names = config.getStringList(key);
        } catch (ConfigException e) {
            throw reader.problem(key, "must be a list of names");
        }
        names = names.stream().map(String::trim).filter(name -> !name.isEmpty()).toList();
        if (names.isEmpty()) {
            throw reader.problem(key, "at least one name is needed");
        }
        return names;
    }

    private static List<Path> logDirs(ConfigReader reader) {
        List<Path> dirs = Arrays.stream(reader.string("log.dirs").split(","))
                .map(String::trim)
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir).toAbsolutePath().normalize())
                .toList();
        if (dirs.isEmpty()) {
            throw reader.problem("log.dirs", "at least one directory is needed");
        }
        return dirs;
    }
}
