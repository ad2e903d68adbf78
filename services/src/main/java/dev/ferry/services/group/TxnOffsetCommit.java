package dev.ferry.services.group;

import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.spi.TopicPartition;
import java.util.Map;
import java.util.Optional;

/**
 * A commit of offsets inside a producer's transaction (Kafka's TxnOffsetCommit). From version 3 on it carries the
 * consumer's group metadata, checked as an {@link OffsetCommit} is; before, the member id is empty and the generation
 * -1, and no member check is made.
 *
 * @param offsets the commit timestamps are ignored: the broker stamps the commit
 */
public record TxnOffsetCommit(String transactionalId, String groupId, ProducerIdAndEpoch producer, String memberId,
                              int generationIdOrMemberEpoch, Optional<String> groupInstanceId,
                              Map<TopicPartition, CommittedOffset> offsets) {

    public TxnOffsetCommit {
        offsets = Map.copyOf(offsets);
    }
}
