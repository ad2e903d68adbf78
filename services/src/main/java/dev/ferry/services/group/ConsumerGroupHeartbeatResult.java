package dev.ferry.services.group;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.spi.TopicPartition;
import java.util.List;
import java.util.Optional;

/**
 * The answer to a consumer-protocol heartbeat.
 *
 * @param errorMessage said to the client with a non-{@code NONE} error
 * @param memberEpoch the member's epoch after this heartbeat
 * @param assignment the partitions the member should own now; empty when unchanged since the last answer
 */
public record ConsumerGroupHeartbeatResult(BrokerError error, Optional<String> errorMessage, String memberId,
                                           int memberEpoch, int heartbeatIntervalMs,
                                           Optional<List<TopicPartition>> assignment) {

    public static ConsumerGroupHeartbeatResult failed(BrokerError error, String message) {
        return new ConsumerGroupHeartbeatResult(error, Optional.of(message), "", -1, 0, Optional.empty());
    }
}
