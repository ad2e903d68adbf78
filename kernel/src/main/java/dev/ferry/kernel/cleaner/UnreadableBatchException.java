package dev.ferry.kernel.cleaner;

import java.io.IOException;
import org.apache.kafka.common.KafkaException;

/** A batch the cleaner could not read (corrupt, or not Kafka's format): the log is no longer cleaned. */
final class UnreadableBatchException extends IOException {

    UnreadableBatchException(KafkaException cause) {
        super("a batch cannot be read: " + cause.getMessage(), cause);
    }
}
