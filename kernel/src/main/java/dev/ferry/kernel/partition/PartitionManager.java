package dev.ferry.kernel.partition;

import dev.ferry.kernel.plugin.LoadedExtension;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.broker.Acks;
import dev.ferry.spi.broker.AppendResult;
import dev.ferry.spi.broker.BrokerError;
import dev.ferry.spi.broker.BrokerException;
import dev.ferry.spi.broker.FetchQuery;
import dev.ferry.spi.broker.FetchedPartition;
import dev.ferry.spi.broker.PartitionOffsets;
import dev.ferry.spi.broker.Partitions;
import dev.ferry.spi.broker.TopicDescription;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.storage.StorageEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The partitions this broker leads, and the produce and fetch paths over their logs. */
public final class PartitionManager implements Partitions, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionManager.class);

    private final LoadedExtension<StorageEngine> storage;
    private final int defaultMaxBatchBytes;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private final FetchReader reader = new FetchReader(partitions::get);
    private final DelayedFetches delayedFetches = new DelayedFetches();

    public PartitionManager(LoadedExtension<StorageEngine> storage, int defaultMaxBatchBytes) {
        this.storage = storage;
        this.defaultMaxBatchBytes = defaultMaxBatchBytes;
    }

    /** Opens (creating or recovering) the log of each partition of a topic. */
    public void openTopic(TopicDescription topic) throws IOException {
        int maxBatchBytes = Integer.parseInt(topic.configs().getOrDefault(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                Integer.toString(defaultMaxBatchBytes)).trim());
        for (int i = 0; i < topic.partitions(); i++) {
            TopicPartition topicPartition = new TopicPartition(topic.name(), i);
            PartitionLog log = open(topicPartition, topic.configs());
            partitions.put(topicPartition, new Partition(log, maxBatchBytes));
        }
    }

    @Override
    public CompletableFuture<AppendResult> append(TopicPartition topicPartition, ByteBuffer records, Acks acks) {
        Partition partition = partitions.get(topicPartition);
        if (partition == null) {
            return CompletableFuture.failedFuture(new BrokerException(BrokerError.UNKNOWN_TOPIC_OR_PARTITION,
                    "This server does not host this topic-partition."));
        }
        try {
            AppendResult result = partition.append(records);
            delayedFetches.onAppend(topicPartition);
            return CompletableFuture.completedFuture(result);
        } catch (BrokerException e) {
            return CompletableFuture.failedFuture(e);
        } catch (IOException e) {
            LOG.error("Appending to {} failed", topicPartition, e);
            return CompletableFuture.failedFuture(
                    new BrokerException(BrokerError.KAFKA_STORAGE_ERROR, "Appending to " + topicPartition + " failed", e));
        }
    }

    @Override
    public CompletableFuture<List<FetchedPartition>> fetch(FetchQuery query) {
        FetchReader.Pass pass = reader.read(query);
        if (query.maxWaitMs() <= 0 || pass.bytes() >= query.minBytes() || pass.anyError()
                || query.partitions().isEmpty()) {
            return CompletableFuture.completedFuture(pass.partitions());
        }
        DelayedFetch delayed = new DelayedFetch(query, reader);
        delayedFetches.watch(delayed);
        return delayed.result();
    }

    @Override
    public PartitionOffsets offsets(TopicPartition topicPartition) {
        Partition partition = partitions.get(topicPartition);
        if (partition == null) {
            throw new BrokerException(BrokerError.UNKNOWN_TOPIC_OR_PARTITION,
                    "This server does not host this topic-partition.");
        }
        return partition.offsets();
    }

    /** Answers every waiting fetch with what is there now; the logs stay open for the storage engine to close. */
    @Override
    public void close() {
        delayedFetches.close();
    }

    private PartitionLog open(TopicPartition topicPartition, Map<String, String> configs) throws IOException {
        try {
            return storage.call(() -> {
                try {
                    return storage.instance().open(topicPartition, configs);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
