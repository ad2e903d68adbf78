package dev.ferry.services.group;

import dev.ferry.spi.TopicPartition;
import java.util.Map;
import java.util.Optional;

/**
 * A commit of offsets (Kafka's OffsetCommit). A commit with an empty member id and generation -1 comes from a
 * consumer outside any group ({@code assign()}), and is accepted only while the group has no members.
 *
 * @param generationIdOrMemberEpoch the classic member's generation, or the consumer-protocol member's epoch
 * @param offsets the commit timestamps are ignored: the broker stamps the commit
 */
public record OffsetCommit(String groupId, String memberId, int generationIdOrMemberEpoch,
                           Optional<String> groupInstanceId, Map<TopicPartition, CommittedOffset> offsets) {

    public OffsetCommit {
        offsets = Map.copyOf(offsets);
    }
}
