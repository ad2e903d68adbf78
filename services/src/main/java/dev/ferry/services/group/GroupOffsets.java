package dev.ferry.services.group;

import dev.ferry.spi.TopicPartition;
import java.util.Map;
import java.util.Set;

/**
 * A group's offsets as one read sees them (Kafka's OffsetFetch): the committed offsets, and the partitions with an
 * offset pending in an open transaction (KIP-447), taken together so that they agree with each other.
 *
 * <p>An OffsetFetch asking for stable offsets answers each pending partition with
 * {@link dev.ferry.services.broker.BrokerError#UNSTABLE_OFFSET_COMMIT} and offset -1, as Kafka does: every one it
 * names, and, when it names none, those of them {@code committed} lists. A transaction that ends while the read is
 * taken shows as still pending (the client asks again), never as the offset it replaced.
 *
 * @param committed the committed offsets of the partitions asked for, or of every partition when none were named;
 *     a partition without one is left out
 * @param pending every partition of the group with an offset pending in an open transaction, asked for or not;
 *     empty for a group without pending offsets
 */
public record GroupOffsets(Map<TopicPartition, CommittedOffset> committed, Set<TopicPartition> pending) {

    public GroupOffsets {
        committed = Map.copyOf(committed);
        pending = Set.copyOf(pending);
    }
}
