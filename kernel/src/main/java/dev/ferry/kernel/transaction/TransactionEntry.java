package dev.ferry.kernel.transaction;

import dev.ferry.spi.broker.BrokerError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transactional id at the coordinator: its state and the change being written for it, if any. At most one
 * change is written at a time (Kafka's pending state); the state changes once the change is durable. Thread-safe:
 * the lock is held only while a rule looks at the state.
 */
final class TransactionEntry {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionEntry.class);

    /** A rule of {@link TransactionRules}, given the state and whether a change is being written. */
    interface Rule {
        Decision decide(TransactionMetadata current, boolean pending);
    }

    private final String transactionalId;
    private TransactionMetadata current;
    private TransactionMetadata pending;

    TransactionEntry(String transactionalId, TransactionMetadata current) {
        this.transactionalId = transactionalId;
        this.current = current;
    }

    String transactionalId() {
        return transactionalId;
    }

    synchronized TransactionMetadata current() {
        return current;
    }

    /** Applies a rule; a {@link Decision.Write} becomes the change being written until {@link #written}. */
    synchronized Decision decide(Rule rule) {
        Decision decision;
        try {
            decision = rule.decide(current, pending != null);
        } catch (IllegalStateException e) {
            LOG.error("Transactional id {} in {} cannot take the request", transactionalId, current, e);
            return new Decision.Fail(BrokerError.UNKNOWN_SERVER_ERROR, e.getMessage());
        }
        if (decision instanceof Decision.Write write) {
            pending = write.target();
        }
        return decision;
    }

    /** The change being written is durable (when {@code succeeded}) or was not written. */
    synchronized void written(TransactionMetadata target, boolean succeeded) {
        if (pending != target) {
            throw new IllegalStateException("Transactional id " + transactionalId + " was writing " + pending
                    + ", not " + target);
        }
        if (succeeded) {
            current = target;
        }
        pending = null;
    }
}
