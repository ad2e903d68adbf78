package dev.ferry.coordinator.runtime;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.spi.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The runtime's view of a partition, in memory: appends land in a list, and are committed only when the test says
 * so, as a follower's fetch would commit them in a cluster.
 */
final class MemoryLog implements CoordinatorLog<String> {

    private final Map<TopicPartition, List<String>> logs = new HashMap<>();
    private final Map<Long, CompletableFuture<Void>> commits = new HashMap<>();
    private boolean commitOnAppend = true;
    private boolean failAppends;

    void holdCommits() {
        commitOnAppend = false;
    }

    void commitAll() {
        commits.values().forEach(commit -> commit.complete(null));
    }

    void failAppends() {
        failAppends = true;
    }

    List<String> records(TopicPartition partition) {
        return logs.getOrDefault(partition, List.of());
    }

    void add(TopicPartition partition, String record) {
        logs.computeIfAbsent(partition, p -> new ArrayList<>()).add(record);
    }

    @Override
    public long append(TopicPartition partition, ProducerIdAndEpoch producer, long timestampMs,
                       List<String> records) {
        if (failAppends) {
            throw new BrokerException(BrokerError.KAFKA_STORAGE_ERROR, "disk gone");
        }
        List<String> log = logs.computeIfAbsent(partition, p -> new ArrayList<>());
        long first = log.size();
        log.addAll(records);
        return first;
    }

    @Override
    public CompletableFuture<Void> committed(TopicPartition partition, long offset) {
        return commitOnAppend ? CompletableFuture.completedFuture(null)
                : commits.computeIfAbsent(offset, o -> new CompletableFuture<>());
    }

    @Override
    public void load(TopicPartition partition, CoordinatorShard<String> shard) {
        List<String> log = records(partition);
        for (int i = 0; i < log.size(); i++) {
            shard.replay(i, -1, log.get(i));
        }
    }
}
