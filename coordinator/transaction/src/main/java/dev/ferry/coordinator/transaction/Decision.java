package dev.ferry.coordinator.transaction;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;

/** What the coordinator does with a request for a transactional id, decided from the id's state alone. */
sealed interface Decision {

    /** Refuse the request with Kafka's error for it. */
    record Fail(BrokerError error, String message) implements Decision {

        BrokerException exception() {
            return new BrokerException(error, message);
        }
    }

    /** Nothing to change: the request succeeds as it is. */
    record Done() implements Decision {
    }

    /** Write the id's next state, and answer once it is durable. */
    record Write(TransactionMetadata target) implements Decision {
    }

    /** The producer's epochs are used up: ask again with a new producer id. */
    record NeedProducerId() implements Decision {
    }
}
