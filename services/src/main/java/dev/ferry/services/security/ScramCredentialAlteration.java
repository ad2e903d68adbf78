package dev.ferry.services.security;

/** One change to a user's SCRAM credentials, as Kafka's AlterUserScramCredentials request carries it. */
public sealed interface ScramCredentialAlteration {

    /** The user the change is for. */
    String user();

    /** The SASL mechanism name: {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}; anything else is refused. */
    String mechanism();

    /**
     * Sets a user's credential for a mechanism from a password the client salted: the broker derives the stored
     * and server keys and forgets the salted password.
     */
    record Upsertion(String user, String mechanism, int iterations, byte[] salt, byte[] saltedPassword)
            implements ScramCredentialAlteration {
    }

    /** Removes a user's credential for a mechanism. */
    record Deletion(String user, String mechanism) implements ScramCredentialAlteration {
    }
}
