package dev.ferry.kernel.partition;

import dev.ferry.spi.TopicPartition;

/** Hears of each transaction marker once it is appended, such as the group offsets a transaction committed. */
@FunctionalInterface
public interface TransactionMarkerListener {

    void markerWritten(TopicPartition partition, long producerId, boolean commit);
}
