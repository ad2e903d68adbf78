package dev.ferry.coordinator.group;

import dev.ferry.coordinator.group.classic.ClassicGroups;
import dev.ferry.coordinator.group.classic.ClassicWrites;
import dev.ferry.coordinator.group.consumer.ConsumerGroups;
import dev.ferry.coordinator.group.offsets.CommittedOffsets;
import dev.ferry.coordinator.group.records.GroupRecord;
import dev.ferry.coordinator.group.time.GroupTimer;
import dev.ferry.coordinator.runtime.CoordinatorContext;
import dev.ferry.coordinator.runtime.CoordinatorResult;
import dev.ferry.coordinator.runtime.CoordinatorShard;
import dev.ferry.services.broker.Topics;
import dev.ferry.services.group.ClassicGroupDescription;
import dev.ferry.services.group.GroupListing;
import dev.ferry.services.group.GroupType;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.assignor.PartitionAssignor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups of one partition of {@code __consumer_offsets}: their classic and consumer-protocol membership and
 * their committed offsets, changed only on the partition's runtime thread, as Kafka's group coordinator shard.
 *
 * <p>Offsets change by replaying their records. Membership changes in place, and each change is written as the
 * records of the group's new state; the log is read back into the groups at load, while later membership records
 * only picture changes already made. The periodic clean-up of Kafka (offsets of groups without members expire, then
 * empty groups without offsets go) runs on the shard's timer.
 */
final class GroupShard implements CoordinatorShard<GroupRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(GroupShard.class);
    private static final String OFFSET_EXPIRY = "offset expiry";
    private static final String EMPTY_STATE = "Empty";

    private final CoordinatorContext<GroupRecord> context;
    private final GroupCoordinatorConfig config;
    private final ClassicWrites classicWrites = new ClassicWrites();
    final ClassicGroups classic;
    final ConsumerGroups consumer;
    final CommittedOffsets offsets = new CommittedOffsets();
    private boolean loaded;

    GroupShard(CoordinatorContext<GroupRecord> context, GroupCoordinatorConfig config, Topics topics,
               List<PartitionAssignor> assignors) {
        this.context = context;
        this.config = config;
        GroupTimer timer = GroupTimer.on(context, () -> result(List.of(), null));
        this.classic = new ClassicGroups(config.classic(), timer, classicWrites);
        this.consumer = new ConsumerGroups(topics, assignors, config.consumer(), timer, classic::holdsWithMembers);
    }

    TopicPartition partition() {
        return context.partition();
    }

    long nowMs() {
        return context.clock().milliseconds();
    }

    @Override
    public void replay(long offset, long producerId, GroupRecord record) {
        if (record instanceof GroupRecord.OffsetCommit || record instanceof GroupRecord.OffsetTombstone) {
            offsets.apply(context.partition(), producerId, record, offset);
        } else if (record instanceof GroupRecord.GroupTombstone tombstone) {
            classic.loadRemoval(tombstone.groupId());
        } else if (!loaded && record instanceof GroupRecord.ClassicGroup group) {
            classic.load(group);
        } else if (!loaded) {
            consumer.load(record);
        }
    }

    @Override
    public void replayTransactionEnd(long producerId, boolean committed) {
        offsets.completeTransaction(context.partition(), producerId, committed);
    }

    @Override
    public void onLoaded() {
        loaded = true;
        classic.onLoaded();
        consumer.onLoaded();
        scheduleOffsetExpiry();
    }

    /** Answers every waiting join and sync with {@code NOT_COORDINATOR}: their members find the coordinator again. */
    @Override
    public void onUnloaded() {
        classic.close();
        classicWrites.answerWhen(CompletableFuture.completedFuture(null));
    }

    /**
     * What an operation gives the runtime: the records it passes (offsets and tombstones, replayed once appended)
     * and those of the membership changes it made, which also hold back the answers those changes settled.
     */
    <T> CoordinatorResult<T, GroupRecord> result(List<GroupRecord> records, T response) {
        List<GroupRecord> all = new ArrayList<>(records);
        all.addAll(classicWrites.takeRecords());
        all.addAll(consumer.takeChanges());
        CompletableFuture<Void> committed = new CompletableFuture<>();
        classicWrites.answerWhen(committed);
        return new CoordinatorResult<>(all, response, committed, all.size() > records.size());
    }

    /** Since when a group's offsets may expire; empty while it has members. */
    OptionalLong emptySinceMs(String groupId) {
        return consumer.contains(groupId) ? consumer.emptySinceMs(groupId) : classic.emptySinceMs(groupId);
    }

    /** A classic group as DescribeGroups shows it; a group holding only offsets shows as an empty classic one. */
    Optional<ClassicGroupDescription> describeClassicGroup(String groupId) {
        Optional<ClassicGroupDescription> description = classic.describe(groupId);
        if (description.isPresent() || consumer.contains(groupId) || !offsets.hasOffsets(groupId)) {
            return description;
        }
        return Optional.of(new ClassicGroupDescription(groupId, EMPTY_STATE, "", "", List.of()));
    }

    /** Every group of the shard: classic, consumer-protocol, and those holding only offsets (as empty classic). */
    List<GroupListing> listGroups() {
        List<GroupListing> listings = new ArrayList<>(classic.list());
        listings.addAll(consumer.list());
        Set<String> listed = new HashSet<>();
        listings.forEach(listing -> listed.add(listing.groupId()));
        for (String groupId : offsets.groupIds()) {
            if (!listed.contains(groupId)) {
                listings.add(new GroupListing(groupId, GroupType.CLASSIC, "", EMPTY_STATE));
            }
        }
        return listings;
    }

    private void scheduleOffsetExpiry() {
        context.timer().schedule(OFFSET_EXPIRY, config.offsetsRetentionCheckIntervalMs(), this::expireOffsets);
    }

    /**
     * Kafka's periodic clean-up: tombstones for the offsets of groups without members that are older than the
     * retention, and for the empty groups left without offsets.
     */
    private CoordinatorResult<Void, GroupRecord> expireOffsets() {
        scheduleOffsetExpiry();
        long nowMs = nowMs();
        List<GroupRecord> tombstones = new ArrayList<>();
        Set<String> withOffsets = new HashSet<>(offsets.groupIds());
        for (String groupId : offsets.groupIds()) {
            OptionalLong emptySince = emptySinceMs(groupId);
            if (emptySince.isEmpty()) {
                continue;
            }
            List<TopicPartition> expired = offsets.expired(groupId, nowMs, config.offsetsRetentionMs(),
                    emptySince.getAsLong());
            if (expired.isEmpty()) {
                continue;
            }
            LOG.info("Expiring {} offsets of group {}", expired.size(), groupId);
            expired.forEach(partition -> tombstones.add(new GroupRecord.OffsetTombstone(groupId, partition)));
            if (offsets.pendingPartitions(groupId).isEmpty()
                    && offsets.committed(groupId).size() == expired.size()) {
                withOffsets.remove(groupId);
            }
        }
        classic.removeEmptyGroupsWithoutOffsets(withOffsets);
        for (GroupListing group : consumer.list()) {
            if (group.state().equals(EMPTY_STATE) && !withOffsets.contains(group.groupId())) {
                consumer.delete(group.groupId());
            }
        }
        return result(tombstones, null);
    }
}
