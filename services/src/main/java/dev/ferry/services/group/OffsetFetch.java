package dev.ferry.services.group;

import dev.ferry.spi.TopicPartition;
import java.util.List;
import java.util.Optional;

/**
 * A read of a group's committed offsets (Kafka's OffsetFetch).
 *
 * @param memberId with {@code memberEpoch}, a consumer-protocol member reading its own group's offsets, checked
 *     as a commit would be; empty for anyone else
 * @param partitions the partitions asked for; empty for every partition the group has an offset for
 */
public record OffsetFetch(String groupId, Optional<String> memberId, int memberEpoch,
                          Optional<List<TopicPartition>> partitions) {
}
