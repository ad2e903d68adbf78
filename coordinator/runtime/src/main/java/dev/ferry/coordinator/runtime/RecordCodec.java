package dev.ferry.coordinator.runtime;

import dev.ferry.services.broker.ProducerIdAndEpoch;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * How a coordinator's records are written to and read from its internal topic, in Apache Kafka's format.
 *
 * @param <R> the records
 */
public interface RecordCodec<R> {

    /**
     * One record batch holding the records in order.
     *
     * @param producer {@link ProducerIdAndEpoch#NONE}, or the transactional producer writing them
     */
    ByteBuffer batch(List<R> records, long timestampMs, ProducerIdAndEpoch producer);

    /**
     * Reads one record.
     *
     * @return empty for a record the coordinator does not keep
     * @throws IllegalArgumentException for bytes that are no record of the topic
     */
    Optional<R> decode(ByteBuffer key, ByteBuffer value);
}
