package dev.ferry.services.security;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

/**
 * The users' SCRAM credentials, kept durably in the cluster metadata. A SASL authenticator looks credentials up; the
 * admin APIs describe (mechanisms and iteration counts, never secrets) and alter them. Lookups and descriptions read
 * memory; {@link #alter} writes to disk: never call it on a network thread.
 */
public interface ScramCredentials {

    /**
     * The credential a SCRAM exchange checks a client against.
     *
     * @param mechanism a SASL mechanism name such as {@code SCRAM-SHA-256}
     * @return empty when the user has no credential for that mechanism
     */
    Optional<ScramCredential> credential(String user, String mechanism);

    /** Every user that has at least one credential, in name order. */
    SortedSet<String> users();

    /**
     * A user's credentials: each mechanism's name with its iteration count.
     *
     * @throws BrokerException {@link BrokerError#RESOURCE_NOT_FOUND} when the user has no credential
     */
    Map<String, Integer> describe(String user);

    /**
     * Applies a request's alterations as Kafka does: each user's alterations are checked on their own, and all that
     * pass are written together. A user named by more than one alteration gets
     * {@link BrokerError#DUPLICATE_RESOURCE}, an unknown mechanism {@link BrokerError#UNSUPPORTED_SASL_MECHANISM},
     * an empty user name or an iteration count outside the mechanism's range
     * {@link BrokerError#UNACCEPTABLE_CREDENTIAL}, the deletion of a missing credential
     * {@link BrokerError#RESOURCE_NOT_FOUND}.
     *
     * @return one result per user named, in no particular order
     * @throws BrokerException {@link BrokerError#KAFKA_STORAGE_ERROR} when the change cannot be written
     */
    List<ScramAlterationResult> alter(List<ScramCredentialAlteration> alterations);
}
