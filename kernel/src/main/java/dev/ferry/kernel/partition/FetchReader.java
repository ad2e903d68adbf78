package dev.ferry.kernel.partition;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.FetchQuery;
import dev.ferry.services.broker.FetchedPartition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads every partition of a fetch once, sharing the fetch's byte budget in request order. */
final class FetchReader {

    private static final Logger LOG = LoggerFactory.getLogger(FetchReader.class);

    private final Function<dev.ferry.spi.TopicPartition, Partition> partitions;

    FetchReader(Function<dev.ferry.spi.TopicPartition, Partition> partitions) {
        this.partitions = partitions;
    }

    /** The result of one pass over the partitions. */
    record Pass(List<FetchedPartition> partitions, int bytes, boolean anyError) {
    }

    Pass read(FetchQuery query) {
        List<FetchedPartition> results = new ArrayList<>(query.partitions().size());
        int remaining = query.maxBytes();
        int bytes = 0;
        boolean anyError = false;
        for (FetchQuery.PartitionRead read : query.partitions()) {
            FetchedPartition result = readOne(read, Math.max(0, Math.min(read.maxBytes(), remaining)), bytes == 0,
                    query.readCommitted());
            results.add(result);
            bytes += result.records().sizeInBytes();
            remaining -= result.records().sizeInBytes();
            anyError |= result.error() != BrokerError.NONE;
        }
        return new Pass(results, bytes, anyError);
    }

    private FetchedPartition readOne(FetchQuery.PartitionRead read, int maxBytes, boolean minOneBatch,
                                     boolean readCommitted) {
        Partition partition = partitions.apply(read.partition());
        if (partition == null) {
            return FetchedPartition.failed(read.partition(), BrokerError.UNKNOWN_TOPIC_OR_PARTITION);
        }
        try {
            return partition.read(read.fetchOffset(), maxBytes, minOneBatch, readCommitted);
        } catch (IOException | RuntimeException e) {
            LOG.error("Reading {} at offset {} failed", read.partition(), read.fetchOffset(), e);
            return FetchedPartition.failed(read.partition(), BrokerError.KAFKA_STORAGE_ERROR);
        }
    }
}
