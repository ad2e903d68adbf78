package dev.ferry.services.security;

/**
 * What the broker keeps of a user's password for one SCRAM mechanism (RFC 5802): never the password, only what a
 * SCRAM exchange checks a client against. The arrays are the caller's to read, not to change.
 *
 * @param salt the salt the client chose
 * @param storedKey {@code H(HMAC(SaltedPassword, "Client Key"))}: verifies the client's proof
 * @param serverKey {@code HMAC(SaltedPassword, "Server Key")}: signs the server's final message
 * @param iterations the iteration count the password was salted with
 */
public record ScramCredential(byte[] salt, byte[] storedKey, byte[] serverKey, int iterations) {
}
