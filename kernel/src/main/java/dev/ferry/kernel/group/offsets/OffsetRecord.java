package dev.ferry.kernel.group.offsets;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.group.CommittedOffset;

/** A change to a group's committed offsets, as written to and replayed from {@code __consumer_offsets}. */
public sealed interface OffsetRecord {

    String groupId();

    /** A group committed an offset for a partition. */
    record Commit(String groupId, TopicPartition partition, CommittedOffset offset) implements OffsetRecord {
    }

    /** A group's offset for a partition was deleted or expired. */
    record OffsetTombstone(String groupId, TopicPartition partition) implements OffsetRecord {
    }

    /** A group was deleted; its offsets go by tombstones of their own. */
    record GroupTombstone(String groupId) implements OffsetRecord {
    }
}
