package dev.ferry.coordinator.group;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.coordinator.group.assignor.RangeAssignor;
import dev.ferry.coordinator.group.assignor.UniformAssignor;
import dev.ferry.coordinator.group.classic.ClassicGroupConfig;
import dev.ferry.coordinator.group.consumer.ConsumerGroupConfig;
import dev.ferry.coordinator.group.records.GroupRecord;
import dev.ferry.coordinator.group.records.GroupRecordSerde;
import dev.ferry.coordinator.group.records.TopicIds;
import dev.ferry.coordinator.runtime.Failures;
import dev.ferry.coordinator.runtime.InternalTopic;
import dev.ferry.coordinator.runtime.MemoryCoordinatorLog;
import dev.ferry.coordinator.runtime.TestTopics;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.TransactionVerifier;
import dev.ferry.services.group.CommittedOffset;
import dev.ferry.services.group.OffsetCommit;
import dev.ferry.services.group.OffsetFetch;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.assignor.PartitionAssignor;
import dev.ferry.spi.time.ManualScheduler;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The group coordinator as the broker runs it, on the test's thread: its shards on the coordinator runtime with a
 * direct executor, {@code __consumer_offsets} in memory, and a clock that moves only when the test says so. Every
 * call of the {@link dev.ferry.services.group.Groups} API has done all it can by the time it returns; what is still
 * waiting waits for the clock or for another request. A {@link #restart} builds the coordinator again over the same
 * log, as a broker coming back up.
 */
public final class GroupsTestContext {

    /** The classic-group settings of these tests: a 3 s initial delay, sessions of 1 to 60 s, 100 members. */
    public static final ClassicGroupConfig CLASSIC = new ClassicGroupConfig(3_000, 1_000, 60_000, 100, 300_000);
    /** The consumer-group settings of these tests: 10 s sessions, 1 s heartbeats, 100 members. */
    public static final ConsumerGroupConfig CONSUMER = new ConsumerGroupConfig(10_000, 1_000, 100);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final MemoryCoordinatorLog<GroupRecord> log;
    private final GroupCoordinatorConfig config;
    private final InternalTopic topic;
    private final TestTopics topics;
    private final List<PartitionAssignor> assignors;
    private GroupCoordinator coordinator;

    private GroupsTestContext(Builder builder) {
        this.config = new GroupCoordinatorConfig(builder.classic, builder.consumer,
                builder.assignors.stream().map(PartitionAssignor::name).toList(), builder.partitions, 104_857_600,
                builder.offsetsRetentionMs, builder.offsetsRetentionCheckIntervalMs, 4_096);
        this.topic = new InternalTopic(GroupCoordinator.TOPIC, builder.partitions);
        this.topics = builder.topics;
        this.log = new MemoryCoordinatorLog<>(new GroupRecordSerde(TopicIds.of(topics)));
        this.assignors = builder.assignors;
        this.coordinator = started();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The coordinator serving now: the one built last. */
    public GroupCoordinator groups() {
        return coordinator;
    }

    public TestTopics topics() {
        return topics;
    }

    public MemoryCoordinatorLog<GroupRecord> log() {
        return log;
    }

    /**
     * Stops the coordinator, which answers what waits with {@code NOT_COORDINATOR}, then builds and loads another
     * over the same log and clock.
     */
    public GroupCoordinator restart() {
        coordinator.close();
        coordinator = started();
        return coordinator;
    }

    /** Moves the clock, running the timeouts that fall due on the way, each at its time. */
    public void advance(long ms) {
        scheduler.advance(ms);
    }

    public long nowMs() {
        return scheduler.milliseconds();
    }

    /** Every record written for the group, offsets included, in log order. */
    public List<GroupRecord> records(String groupId) {
        return log.records(coordinator.partitionFor(groupId)).stream()
                .filter(record -> record.groupId().equals(groupId))
                .toList();
    }

    /** Commits one offset, as a member (or, with an empty member id and generation -1, anyone) would. */
    public BrokerError commit(String groupId, String memberId, int generationOrEpoch, Optional<String> instanceId,
                              TopicPartition partition, long offset) {
        Map<TopicPartition, BrokerError> results = done(coordinator.commitOffsets(new OffsetCommit(groupId, memberId,
                generationOrEpoch, instanceId, Map.of(partition, CommittedOffset.requested(offset, -1, "")))));
        return results.get(partition);
    }

    /** A commit from outside group management: an admin client, or a consumer that assigns itself. */
    public BrokerError commit(String groupId, TopicPartition partition, long offset) {
        return commit(groupId, "", -1, Optional.empty(), partition, offset);
    }

    /** The group's committed offsets, by partition, as anyone reads them. */
    public Map<TopicPartition, Long> committed(String groupId) {
        Map<TopicPartition, CommittedOffset> committed = done(coordinator.committedOffsets(
                new OffsetFetch(groupId, Optional.empty(), -1, Optional.empty()))).committed();
        return committed.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    /** The value of a future that must be complete by now. */
    public static <T> T done(CompletableFuture<T> future) {
        assertTrue(future.isDone(), "completed");
        return future.join();
    }

    /**
     * The future's answer, or the answer a client gets when it fails: the protocol handlers answer a failed
     * future with its {@link BrokerException}'s error.
     */
    public static <T> CompletableFuture<T> answered(CompletableFuture<T> future, Function<BrokerError, T> failed) {
        return future.exceptionally(failure -> failed.apply(errorOf(failure)));
    }

    /** The error a client is told of a failed call; anything but a {@link BrokerException} fails the test. */
    public static BrokerError errorOf(Throwable failure) {
        Throwable cause = Failures.cause(failure);
        if (cause instanceof BrokerException e) {
            return e.error();
        }
        throw new AssertionError("Not a broker error", cause);
    }

    /** The error a finished call failed with; {@code NONE} if it did not. */
    public static BrokerError failureOf(CompletableFuture<?> future) {
        assertTrue(future.isDone(), "completed");
        return future.handle((result, failure) -> failure == null ? BrokerError.NONE : errorOf(failure)).join();
    }

    private GroupCoordinator started() {
        GroupCoordinator started = new GroupCoordinator(config, topic, log, topics, assignors,
                TransactionVerifier.NONE, scheduler, Runnable::run, () -> { });
        started.load().join();
        return started;
    }

    /** The settings of a context: those of {@link #CLASSIC} and {@link #CONSUMER} unless told otherwise. */
    public static final class Builder {

        private ClassicGroupConfig classic = CLASSIC;
        private ConsumerGroupConfig consumer = CONSUMER;
        private List<PartitionAssignor> assignors = List.of(new UniformAssignor(), new RangeAssignor());
        private TestTopics topics = new TestTopics();
        private int partitions = 3;
        private long offsetsRetentionMs = 7 * 24 * 3_600_000L;
        private long offsetsRetentionCheckIntervalMs = 600_000;

        private Builder() {
        }

        public Builder classic(ClassicGroupConfig config) {
            this.classic = config;
            return this;
        }

        public Builder consumer(ConsumerGroupConfig config) {
            this.consumer = config;
            return this;
        }

        /** The consumer groups' assignors, the default first. */
        public Builder assignors(PartitionAssignor... assignors) {
            this.assignors = List.of(assignors);
            return this;
        }

        public Builder topics(TestTopics topics) {
            this.topics = topics;
            return this;
        }

        /** {@code offsets.topic.num.partitions}: how many shards the groups spread over. */
        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        /** {@code offsets.retention.minutes}, in ms, and {@code offsets.retention.check.interval.ms}. */
        public Builder offsetsRetention(long retentionMs, long checkIntervalMs) {
            this.offsetsRetentionMs = retentionMs;
            this.offsetsRetentionCheckIntervalMs = checkIntervalMs;
            return this;
        }

        public GroupsTestContext build() {
            return new GroupsTestContext(this);
        }
    }
}
