package dev.ferry.kernel.retention;

import dev.ferry.kernel.partition.Partition;
import dev.ferry.kernel.partition.PartitionManager;
import dev.ferry.spi.retention.RetentionContext;
import dev.ferry.spi.retention.RetentionPolicy;
import dev.ferry.spi.storage.SegmentInfo;
import dev.ferry.spi.time.Clock;
import dev.ferry.spi.time.Scheduler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each partition's retention policies every {@code log.retention.check.interval.ms} on the broker's scheduler,
 * and deletes the closed segments they release: never the active segment, never past the high watermark.
 */
public final class RetentionScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionScheduler.class);

    private final PartitionManager partitions;
    private final CleanupPolicies policies;
    private final Clock clock;
    private final Scheduler.Timeout checks;

    private RetentionScheduler(PartitionManager partitions, CleanupPolicies policies, Scheduler scheduler,
                               long intervalMs) {
        this.partitions = partitions;
        this.policies = policies;
        this.clock = scheduler.clock();
        this.checks = scheduler.scheduleRepeatedly(intervalMs, this::checkAll);
    }

    public static RetentionScheduler start(PartitionManager partitions, CleanupPolicies policies, Scheduler scheduler,
                                           long intervalMs) {
        return new RetentionScheduler(partitions, policies, scheduler, intervalMs);
    }

    void checkAll() {
        for (Partition partition : partitions.partitions()) {
            try {
                check(partition, clock.milliseconds());
            } catch (RuntimeException | java.io.IOException e) {
                LOG.error("Retention of {} failed", partition.topicPartition(), e);
            }
        }
    }

    private void check(Partition partition, long nowMs) throws java.io.IOException {
        List<SegmentInfo> segments = partition.segments();
        RetentionContext context = new RetentionContext(partition.topicPartition(), partition.config(),
                partition.logStartOffset(), segments, nowMs);
        long wanted = context.logStartOffset();
        String cleanupPolicy = partition.config().get("cleanup.policy");
        for (CleanupPolicies.Loaded<RetentionPolicy> policy : policies.named(cleanupPolicy)) {
            wanted = Math.max(wanted, policy.call(() -> policy.policy().retainFrom(context)));
        }
        long retainFrom = closedSegmentBoundary(segments, Math.min(wanted, partition.highWatermark()));
        if (retainFrom > partition.logStartOffset()) {
            long start = partition.deleteRecordsBefore(retainFrom);
            LOG.info("Retention deleted the records of {} before offset {}", partition.topicPartition(), start);
        }
    }

    /** The end of the last closed segment that lies wholly below {@code offset}: whole segments only. */
    static long closedSegmentBoundary(List<SegmentInfo> segments, long offset) {
        long boundary = -1;
        for (SegmentInfo segment : segments) {
            if (segment.active() || segment.nextOffset() > offset) {
                break;
            }
            boundary = segment.nextOffset();
        }
        return boundary;
    }

    @Override
    public void close() {
        checks.cancel();
    }
}
