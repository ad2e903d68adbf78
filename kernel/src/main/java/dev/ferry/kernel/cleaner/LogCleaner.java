package dev.ferry.kernel.cleaner;

import dev.ferry.kernel.async.DaemonThreads;
import dev.ferry.kernel.partition.Partition;
import dev.ferry.kernel.partition.PartitionManager;
import dev.ferry.kernel.retention.CleanupPolicies;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.retention.Compaction;
import dev.ferry.spi.retention.CompactionContext;
import dev.ferry.spi.retention.CompactionPolicy;
import dev.ferry.spi.retention.LogRecord;
import dev.ferry.spi.storage.RewriteResult;
import dev.ferry.spi.time.Clock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's log cleaner: {@code log.cleaner.threads} threads, each taking the log that most needs cleaning among the
 * topics whose {@code cleanup.policy} names a compaction policy, cleaning it ({@link LogCleaning}), and waiting
 * {@code log.cleaner.backoff.ms} when none does. Which log is due, the delete horizons and the I/O limit go by the
 * broker's clock. A log whose batches cannot be read, or whose segment does not fit the compaction's memory, is no
 * longer cleaned, and said so once; it stays readable as it is.
 */
public final class LogCleaner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogCleaner.class);
    /** How long a log whose cleaning failed (a policy that threw, a disk error) waits before the next try. */
    private static final long RETRY_AFTER_FAILURE_MS = 60_000;

    private final PartitionManager partitions;
    private final CleanupPolicies policies;
    private final CleanerConfig config;
    private final Clock clock;
    private final Throttler throttler;
    private final ScheduledExecutorService threads;
    private final Set<TopicPartition> inProgress = ConcurrentHashMap.newKeySet();
    private final Set<TopicPartition> uncleanable = ConcurrentHashMap.newKeySet();
    /** By partition: until when a log whose cleaning failed waits before it is tried again. */
    private final Map<TopicPartition, Long> failedUntil = new ConcurrentHashMap<>();
    /** By partition: when the tombstones and markers its last cleaning kept may go. */
    private final Map<TopicPartition, Long> deleteHorizons = new ConcurrentHashMap<>();

    LogCleaner(PartitionManager partitions, CleanupPolicies policies, CleanerConfig config, Clock clock,
               Throttler.Sleeper sleeper) {
        this.partitions = partitions;
        this.policies = policies;
        this.config = config;
        this.clock = clock;
        this.throttler = new Throttler(config.ioMaxBytesPerSecond(), clock::milliseconds, sleeper);
        this.threads = new ScheduledThreadPoolExecutor(config.threads(), DaemonThreads.numbered("log-cleaner"));
    }

    /** Starts the cleaner threads, unless {@code log.cleaner.enable} is false. */
    public static LogCleaner start(PartitionManager partitions, CleanupPolicies policies, CleanerConfig config,
                                   Clock clock) {
        LogCleaner cleaner = new LogCleaner(partitions, policies, config, clock, Thread::sleep);
        if (config.enabled()) {
            for (int i = 0; i < config.threads(); i++) {
                cleaner.threads.schedule(cleaner::work, config.backoffMs(), TimeUnit.MILLISECONDS);
            }
        }
        return cleaner;
    }

    private void work() {
        boolean cleaned = false;
        try {
            cleaned = cleanFilthiestLog();
        } catch (RuntimeException e) {
            LOG.error("The log cleaner failed", e);
        }
        if (!threads.isShutdown()) {
            threads.schedule(this::work, cleaned ? 0 : config.backoffMs(), TimeUnit.MILLISECONDS);
        }
    }

    /** Cleans the log that most needs it; false when none does. */
    boolean cleanFilthiestLog() {
        long nowMs = clock.milliseconds();
        Optional<DirtyLog> chosen = reserveFilthiest(nowMs);
        if (chosen.isEmpty()) {
            return false;
        }
        TopicPartition topicPartition = chosen.get().partition().topicPartition();
        try {
            clean(chosen.get(), nowMs);
        } finally {
            inProgress.remove(topicPartition);
        }
        return true;
    }

    private synchronized Optional<DirtyLog> reserveFilthiest(long nowMs) {
        Optional<DirtyLog> filthiest = partitions.partitions().stream()
                .filter(partition -> isCandidate(partition.topicPartition(), nowMs)
                        && compactionPolicy(partition).isPresent())
                .map(partition -> DirtyLog.of(partition, nowMs))
                .filter(log -> log.due(nowMs, deleteHorizons.getOrDefault(log.partition().topicPartition(),
                        Long.MAX_VALUE)))
                .max(Comparator.comparing(DirtyLog::overdue).thenComparingDouble(DirtyLog::dirtyRatio));
        filthiest.ifPresent(log -> inProgress.add(log.partition().topicPartition()));
        return filthiest;
    }

    private boolean isCandidate(TopicPartition topicPartition, long nowMs) {
        return !inProgress.contains(topicPartition) && !uncleanable.contains(topicPartition)
                && failedUntil.getOrDefault(topicPartition, Long.MIN_VALUE) <= nowMs
                && !partitions.isMoving(topicPartition);
    }

    private Optional<CleanupPolicies.Loaded<CompactionPolicy>> compactionPolicy(Partition partition) {
        return policies.compactionOf(partition.config().get(TopicConfig.CLEANUP_POLICY_CONFIG));
    }

    private void clean(DirtyLog log, long nowMs) {
        Partition partition = log.partition();
        TopicPartition topicPartition = partition.topicPartition();
        // the topic's config may have changed since the log was chosen
        Optional<CleanupPolicies.Loaded<CompactionPolicy>> chosen = compactionPolicy(partition);
        if (chosen.isEmpty()) {
            return;
        }
        CleanupPolicies.Loaded<CompactionPolicy> policy = chosen.get();
        long started = clock.nanoseconds();
        try {
            Compaction compaction = begin(policy, LogCleaning.context(log, config.memoryPerThread(), nowMs));
            LogCleaning.Outcome outcome = new LogCleaning(partitions, log, compaction, throttler,
                    config.ioBufferBytes(), nowMs).run();
            deleteHorizons.put(topicPartition, outcome.earliestDeleteHorizonMs());
            RewriteResult rewrite = outcome.rewrite();
            LOG.info("Cleaned log {} with policy {} up to offset {}: {} segments of {} bytes became {} of {} bytes"
                            + " in {} ms", topicPartition, policy.name(), outcome.endOffset(), rewrite.segmentsRead(),
                    rewrite.bytesRead(), rewrite.segmentsWritten(), rewrite.bytesWritten(),
                    (clock.nanoseconds() - started) / 1_000_000);
        } catch (UnreadableBatchException | LogCleaning.CompactionFullException | KafkaException e) {
            uncleanable.add(topicPartition);
            LOG.error("Log {} is no longer cleaned, and stays readable as it is: {}", topicPartition,
                    e.getMessage());
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            failedUntil.put(topicPartition, nowMs + RETRY_AFTER_FAILURE_MS);
            LOG.warn("Cleaning log {} failed; it is left as it was and tried again in {} s", topicPartition,
                    RETRY_AFTER_FAILURE_MS / 1000, e);
        }
    }

    /** Begins a compaction whose calls run with its plugin's class loader, when a plugin provides it. */
    private static Compaction begin(CleanupPolicies.Loaded<CompactionPolicy> policy,
                                    CompactionContext context) {
        Compaction compaction = policy.call(() -> policy.policy().begin(context));
        if (policy.plugin().isEmpty()) {
            return compaction;
        }
        return new Compaction() {
            @Override
            public boolean observe(LogRecord record) {
                return policy.call(() -> compaction.observe(record));
            }

            @Override
            public boolean retain(LogRecord record) {
                return policy.call(() -> compaction.retain(record));
            }
        };
    }

    @Override
    public void close() {
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("The log cleaner threads did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
