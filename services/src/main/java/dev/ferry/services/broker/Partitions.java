package dev.ferry.services.broker;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.TimestampOffset;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Reading and writing the logs of partitions this broker leads. */
public interface Partitions {

    /**
     * Validates record batches in Kafka's v2 format, assigns their offsets in place and appends them, on the broker's
     * storage threads: a partition's appends run one at a time, in the order this method was called, so the caller's
     * thread (a network thread) never waits on the disk.
     *
     * @param records one or more v2 batches, base offsets zero; the broker takes ownership of the buffer
     * @param transactionalId the producer's transactional id, for transactional batches: a batch that would start a
     *     transaction in the partition is refused with {@link BrokerError#INVALID_TXN_STATE} unless the coordinator
     *     has the partition in the producer's ongoing transaction
     * @return completes once the append is as durable as {@code acks} asks, or exceptionally with a
     *     {@link BrokerException}
     */
    CompletableFuture<AppendResult> append(TopicPartition partition, ByteBuffer records, Acks acks,
                                           Optional<String> transactionalId);

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

    /**
     * The first record at or after a timestamp (Kafka's ListOffsets by time), below the high watermark. Reads the
     * log on the broker's storage threads, after the partition's appends given before.
     *
     * @return completes with empty when no record is that recent, or exceptionally with a {@link BrokerException}:
     *     {@link BrokerError#UNKNOWN_TOPIC_OR_PARTITION}
     */
    CompletableFuture<Optional<TimestampOffset>> offsetForTimestamp(TopicPartition partition, long timestamp);

    /**
     * The record with the largest timestamp (Kafka's ListOffsets {@code MAX_TIMESTAMP}), looked up on the broker's
     * storage threads.
     *
     * @return completes with empty for an empty partition, or exceptionally with a {@link BrokerException}:
     *     {@link BrokerError#UNKNOWN_TOPIC_OR_PARTITION}
     */
    CompletableFuture<Optional<TimestampOffset>> maxTimestamp(TopicPartition partition);

    /**
     * Deletes the records below an offset (Kafka's DeleteRecords): the log start offset moves there. Runs on the
     * broker's storage threads, after the partition's appends given before.
     *
     * @param offset the new log start offset, at most the high watermark; -1 means the high watermark
     * @return completes with the log start offset afterwards (Kafka's low watermark), or exceptionally with a
     *     {@link BrokerException}: {@link BrokerError#UNKNOWN_TOPIC_OR_PARTITION}, or
     *     {@link BrokerError#OFFSET_OUT_OF_RANGE} for an offset beyond the high watermark
     */
    CompletableFuture<Long> deleteRecordsBefore(TopicPartition partition, long offset);

    /** Each log directory ({@code log.dirs}) with its disk space and the size of every partition log it holds. */
    List<LogDirectoryUsage> logDirectories();

    /**
     * Moves a partition's log to another of the log directories (Kafka's AlterReplicaLogDirs): returns once the move
     * is under way, and the partition keeps serving while its log is copied. Asking for the directory the log is in
     * cancels a move under way; asking again for the directory a move is going to changes nothing.
     *
     * @param logDirectory one of {@link #logDirectories()}
     * @throws BrokerException {@link BrokerError#UNKNOWN_TOPIC_OR_PARTITION}, or {@link BrokerError#KAFKA_STORAGE_ERROR}
     *     when the destination cannot take the log
     */
    void moveLog(TopicPartition partition, Path logDirectory);

    /**
     * Ends a producer's transaction in a partition with a commit or abort marker (a control batch), as Kafka's
     * WriteTxnMarkers does; completes once the marker is appended, on the storage threads like an append. A marker for a producer with no open transaction
     * in the partition is still written, as Kafka does.
     *
     * @param coordinatorEpoch the epoch of the coordinator writing it; an older one than the partition has seen fails
     *     with {@link BrokerError#TRANSACTION_COORDINATOR_FENCED}
     * @throws BrokerException {@link BrokerError#UNKNOWN_TOPIC_OR_PARTITION}, or
     *     {@link BrokerError#INVALID_PRODUCER_EPOCH} for an epoch older than the producer's
     */
    CompletableFuture<Void> writeTransactionMarker(TopicPartition partition, ProducerIdAndEpoch producer,
                                                   boolean commit, int coordinatorEpoch);

    /**
     * The idempotent and transactional producers the partition remembers (Kafka's DescribeProducers).
     *
     * @throws BrokerException {@link BrokerError#UNKNOWN_TOPIC_OR_PARTITION}
     */
    List<ProducerState> producers(TopicPartition partition);
}
