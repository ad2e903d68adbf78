package dev.ferry.services.security;

import dev.ferry.services.broker.BrokerError;

/**
 * The outcome of a request's alterations for one user.
 *
 * @param error {@link BrokerError#NONE} when the user's alterations were applied
 * @param message why they were not; {@code null} on success
 */
public record ScramAlterationResult(String user, BrokerError error, String message) {
}
