package dev.ferry.spi.broker;

import dev.ferry.spi.TopicPartition;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Reading and writing the logs of partitions this broker leads. */
public interface Partitions {

    /**
     * Validates record batches in Kafka's v2 format, assigns their offsets in place and appends them.
     *
     * @param records one or more v2 batches, base offsets zero; the broker takes ownership of the buffer
     * @return completes once the append is as durable as {@code acks} asks, or exceptionally with a
     *     {@link BrokerException}
     */
    CompletableFuture<AppendResult> append(TopicPartition partition, ByteBuffer records, Acks acks);

    /**
     * Reads several partitions at once, waiting up to {@link FetchQuery#maxWaitMs()} for
     * {@link FetchQuery#minBytes()} to arrive. The wait holds no thread: an append or a timer completes it.
     *
     * @return one result per partition asked for, in the query's order
     */
    CompletableFuture<List<FetchedPartition>> fetch(FetchQuery query);

    /**
     * The current offsets of a partition.
     *
     * @throws BrokerException {@link BrokerError#UNKNOWN_TOPIC_OR_PARTITION}
     */
    PartitionOffsets offsets(TopicPartition partition);
}
