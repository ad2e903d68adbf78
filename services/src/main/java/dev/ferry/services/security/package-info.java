/**
 * Security data the broker keeps for authenticators: {@link dev.ferry.services.security.ScramCredentials} holds the
 * users' SCRAM credentials (Kafka's {@code kafka-configs --entity-type users ... SCRAM-SHA-256=[...]}), which a SASL
 * SCRAM authenticator checks clients against.
 */
package dev.ferry.services.security;
