package dev.ferry.services.group;

import dev.ferry.services.broker.BrokerError;
import java.util.Optional;

/**
 * The member's assignment for the generation, sent once the leader's assignment is known.
 *
 * @param assignment opaque to the broker, as the leader wrote it; empty on error
 */
public record SyncGroupResult(BrokerError error, Optional<String> protocolType, Optional<String> protocolName,
                              byte[] assignment) {

    public static SyncGroupResult failed(BrokerError error) {
        return new SyncGroupResult(error, Optional.empty(), Optional.empty(), new byte[0]);
    }
}
