package dev.ferry.kernel.group.offsets;

import dev.ferry.kernel.partition.PartitionManager;
import dev.ferry.kernel.topic.InternalTopic;
import dev.ferry.kernel.topic.TopicRegistry;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.broker.Acks;
import dev.ferry.spi.broker.ProducerIdAndEpoch;
import dev.ferry.spi.group.CommittedOffset;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups' committed offsets, kept durably in the internal topic {@value #TOPIC} in Apache Kafka's record
 * format and in memory for reads. A write changes the in-memory offsets only once its records are appended, and a
 * group's writes are applied in the order they reach the log.
 *
 * <p>Offsets committed inside a producer's transaction (KIP-98, KIP-447) are written as a transactional batch of
 * that producer and stay pending, invisible to {@link #committed}, until the transaction's marker is appended to
 * the same partition of {@value #TOPIC} and {@link #completeTransaction} settles them. Thread-safe; nothing but
 * {@link #load} blocks.
 */
public final class OffsetStore {

    public static final String TOPIC = "__consumer_offsets";

    private static final Logger LOG = LoggerFactory.getLogger(OffsetStore.class);

    private final PartitionManager partitionManager;
    private final InternalTopic topic;
    private final CommittedOffsets offsets = new CommittedOffsets();
    private final GroupWriteQueue writes = new GroupWriteQueue();
    /** Per partition of the topic: held from an append until its records are applied, and to settle a transaction. */
    private final Object[] partitionLocks;

    private OffsetStore(PartitionManager partitionManager, InternalTopic topic) {
        this.partitionManager = partitionManager;
        this.topic = topic;
        this.partitionLocks = new Object[topic.partitionCount()];
        Arrays.setAll(partitionLocks, i -> new Object());
    }

    /**
     * Creates {@value #TOPIC}, compacted, with {@code numPartitions} partitions of {@code segmentBytes} segments if it
     * is missing, then replays every partition
     * of it to rebuild the offsets. Blocking; called once at start before any listener opens. A topic that exists
     * keeps its partition count, since the groups' records are already spread over it. Offsets of transactions
     * without a marker in the log stay pending: the transaction coordinator completes those transactions later.
     */
    public static OffsetStore load(TopicRegistry topics, PartitionManager partitions, int numPartitions,
                                   int segmentBytes) throws IOException {
        InternalTopic topic = InternalTopic.open(topics, TOPIC, numPartitions, "offsets.topic.num.partitions",
                InternalTopic.configs(segmentBytes));
        OffsetStore store = new OffsetStore(partitions, topic);
        long started = System.nanoTime();
        topic.replay(partitions, store.offsets::replay);
        LOG.info("Loaded the committed offsets of {} groups from {} in {} ms", store.offsets.groupIds().size(),
                TOPIC, (System.nanoTime() - started) / 1_000_000);
        return store;
    }

    /**
     * Appends the commit as one batch to the group's partition of {@value #TOPIC}, then updates the in-memory
     * offsets; completes after that, or exceptionally with the append's failure and nothing changed.
     */
    public CompletableFuture<Void> commit(String groupId, Map<TopicPartition, CommittedOffset> offsets) {
        return commit(groupId, ProducerIdAndEpoch.NONE, offsets);
    }

    /**
     * Appends the commit as one transactional batch of {@code producer} to the group's partition of {@value #TOPIC},
     * then keeps the offsets pending for the producer; completes after that, or exceptionally with the append's
     * failure and nothing changed. The producer must have added the group's partition ({@link #partitionFor}) to
     * its transaction.
     */
    public CompletableFuture<Void> commitTransactional(String groupId, ProducerIdAndEpoch producer,
                                                       Map<TopicPartition, CommittedOffset> offsets) {
        return commit(groupId, producer, offsets);
    }

    private CompletableFuture<Void> commit(String groupId, ProducerIdAndEpoch producer,
                                           Map<TopicPartition, CommittedOffset> offsets) {
        List<OffsetRecord> records = offsets.entrySet().stream()
                .<OffsetRecord>map(entry -> new OffsetRecord.Commit(groupId, entry.getKey(), entry.getValue()))
                .toList();
        return write(groupId, producer, System.currentTimeMillis(), () -> records).thenApply(written -> null);
    }

    /**
     * Settles the offsets {@code producerId} committed in its transaction to {@code offsetsPartition}, called once
     * the transaction's marker is appended there: on commit they become their groups' committed offsets (a plain
     * commit of the same partition later in the log still wins, as in Kafka); on abort they are dropped. A
     * producer without pending offsets there, or a partition of another topic, changes nothing.
     */
    public void completeTransaction(TopicPartition offsetsPartition, long producerId, boolean commit) {
        if (!offsetsPartition.topic().equals(TOPIC) || offsetsPartition.partition() >= topic.partitionCount()) {
            return;
        }
        // a transactional batch appended before the marker may not be applied yet: wait for it
        synchronized (partitionLocks[offsetsPartition.partition()]) {
            offsets.completeTransaction(offsetsPartition, producerId, commit);
        }
    }

    /** A snapshot of the group's committed offsets; empty when it has none. */
    public Map<TopicPartition, CommittedOffset> committed(String groupId) {
        return offsets.committed(groupId);
    }

    /**
     * The group's partitions with an offset pending in an open transaction, whose committed offset a read asking
     * for stable offsets is not given. Ask before {@link #committed}: a transaction settled between the two calls
     * then shows as pending, never as neither pending nor committed.
     */
    public Set<TopicPartition> pendingPartitions(String groupId) {
        return offsets.pendingPartitions(groupId);
    }

    /** The groups holding at least one offset, committed or pending in a transaction. */
    public Set<String> groupIds() {
        return offsets.groupIds();
    }

    /**
     * Deletes the group's offsets of these partitions with tombstones, pending ones too (a later commit marker then
     * brings none of them back); partitions without one are ignored.
     */
    public CompletableFuture<Void> delete(String groupId, Collection<TopicPartition> partitions) {
        Set<TopicPartition> deleted = Set.copyOf(partitions);
        return write(groupId, ProducerIdAndEpoch.NONE, System.currentTimeMillis(), () -> tombstones(groupId,
                deleted.stream().filter(partition -> offsets.hasOffset(groupId, partition)).toList()))
                .thenApply(written -> null);
    }

    /** Deletes every offset of the group, committed or pending, and the group itself, with tombstones. */
    public CompletableFuture<Void> deleteGroup(String groupId) {
        return write(groupId, ProducerIdAndEpoch.NONE, System.currentTimeMillis(), () -> {
            Set<TopicPartition> partitions = new HashSet<>(offsets.committed(groupId).keySet());
            partitions.addAll(offsets.pendingPartitions(groupId));
            List<OffsetRecord> records = new ArrayList<>(tombstones(groupId, partitions));
            records.add(new OffsetRecord.GroupTombstone(groupId));
            return records;
        }).thenApply(written -> null);
    }

    /**
     * Deletes, with tombstones, the offsets of groups without members that are older than the retention: an offset
     * expires when {@code nowMs - max(emptySince, commitTimestamp) >= retentionMs} and no commit of it is pending in
     * a transaction. A group whose expiry fails to be written is logged and left as it was.
     *
     * @param emptySinceMs when a group last became empty; empty while it has members, which keeps all its offsets
     * @return the groups this expiry left with no offsets, committed or pending
     */
    public CompletableFuture<Set<String>> expire(long nowMs, long retentionMs,
                                                 Function<String, OptionalLong> emptySinceMs) {
        Set<String> emptied = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> expiries = new ArrayList<>();
        for (String groupId : offsets.groupIds()) {
            OptionalLong emptySince = emptySinceMs.apply(groupId);
            if (emptySince.isEmpty()) {
                continue;
            }
            expiries.add(write(groupId, ProducerIdAndEpoch.NONE, nowMs, () -> tombstones(groupId,
                    offsets.expired(groupId, nowMs, retentionMs, emptySince.getAsLong())))
                    .thenAccept(written -> {
                        if (!written.isEmpty()) {
                            LOG.info("Expired {} offsets of group {}", written.size(), groupId);
                            if (!offsets.hasOffsets(groupId)) {
                                emptied.add(groupId);
                            }
                        }
                    })
                    .exceptionally(e -> {
                        LOG.warn("Expiring the offsets of group {} failed", groupId, e);
                        return null;
                    }));
        }
        return CompletableFuture.allOf(expiries.toArray(CompletableFuture[]::new))
                .thenApply(done -> Set.copyOf(emptied));
    }

    /**
     * Appends the records that {@code records} gives when the group's earlier writes are done, then applies them.
     *
     * @param producer the transactional producer writing them, or {@link ProducerIdAndEpoch#NONE}
     * @return the records written; none, and nothing appended, when {@code records} gives none
     */
    private CompletableFuture<List<OffsetRecord>> write(String groupId, ProducerIdAndEpoch producer, long timestamp,
                                                        Supplier<List<OffsetRecord>> records) {
        TopicPartition partition = partitionFor(groupId);
        return writes.submit(groupId, () -> {
            List<OffsetRecord> batch = records.get();
            if (batch.isEmpty()) {
                return CompletableFuture.completedFuture(batch);
            }
            synchronized (partitionLocks[partition.partition()]) {
                // the append completes at once on this single node, so the records are applied under the lock
                return partitionManager.append(partition, OffsetRecords.batch(batch, timestamp, producer), Acks.ALL,
                        Optional.empty())
                        .thenApply(appended -> {
                            for (int i = 0; i < batch.size(); i++) {
                                offsets.apply(partition, producer.producerId(), batch.get(i),
                                        appended.baseOffset() + i);
                            }
                            return batch;
                        });
            }
        });
    }

    private static List<OffsetRecord> tombstones(String groupId, Collection<TopicPartition> partitions) {
        return partitions.stream()
                .<OffsetRecord>map(partition -> new OffsetRecord.OffsetTombstone(groupId, partition))
                .toList();
    }

    /** The partition of {@value #TOPIC} holding the group's offsets, which a transaction committing them adds. */
    public TopicPartition partitionFor(String groupId) {
        return topic.partitionFor(groupId);
    }
}
