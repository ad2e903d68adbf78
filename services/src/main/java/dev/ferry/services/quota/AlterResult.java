package dev.ferry.services.quota;

import dev.ferry.services.broker.BrokerError;

/**
 * The outcome of one entity's alteration.
 *
 * @param message Kafka's message for the error; null on success
 */
public record AlterResult(ClientQuotaEntity entity, BrokerError error, String message) {
}
