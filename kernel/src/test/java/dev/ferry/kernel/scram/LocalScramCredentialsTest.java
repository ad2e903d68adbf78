package dev.ferry.kernel.scram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.kernel.metadata.LogMetadataStore;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.security.ScramAlterationResult;
import dev.ferry.services.security.ScramCredential;
import dev.ferry.services.security.ScramCredentialAlteration.Deletion;
import dev.ferry.services.security.ScramCredentialAlteration.Upsertion;
import dev.ferry.spi.time.Clock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalScramCredentialsTest {

    private static final String SHA_256 = "SCRAM-SHA-256";
    private static final String SHA_512 = "SCRAM-SHA-512";
    private static final byte[] SALT = "some-salt".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path logDir;

    private LogMetadataStore store;
    private LocalScramCredentials credentials;

    @BeforeEach
    void open() throws IOException {
        store = LogMetadataStore.open(logDir, 1, Long.MAX_VALUE, Clock.system());
        credentials = new LocalScramCredentials(store);
    }

    @AfterEach
    void close() throws IOException {
        store.close();
    }

    @Test
    void anUpsertionKeepsTheKeysOfRfc5802AndNeverThePassword() throws Exception {
        // Given
        byte[] salted = saltedPassword("alice-secret", 8192);

        // When
        List<ScramAlterationResult> results = credentials.alter(List.of(
                new Upsertion("alice", SHA_256, 8192, SALT, salted)));

        // Then
        assertEquals(List.of(new ScramAlterationResult("alice", BrokerError.NONE, null)), results);
        ScramCredential stored = credentials.credential("alice", SHA_256).orElseThrow();
        assertArrayEquals(SALT, stored.salt());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(hmac(salted, "Client Key")), stored.storedKey());
        assertArrayEquals(hmac(salted, "Server Key"), stored.serverKey());
        assertEquals(8192, stored.iterations());
        assertEquals(Map.of(SHA_256, 8192), credentials.describe("alice"));
    }

    @Test
    void credentialsOfSeveralMechanismsAreDescribedAndDeleted() {
        credentials.alter(List.of(new Upsertion("alice", SHA_256, 4096, SALT, new byte[32])));
        credentials.alter(List.of(new Upsertion("alice", SHA_512, 16384, SALT, new byte[64]),
                new Upsertion("bob", SHA_512, 5000, SALT, new byte[64])));

        assertEquals(Map.of(SHA_256, 4096, SHA_512, 16384), credentials.describe("alice"));
        assertEquals(Set.of("alice", "bob"), credentials.users());

        assertEquals(List.of(new ScramAlterationResult("alice", BrokerError.NONE, null)),
                credentials.alter(List.of(new Deletion("alice", SHA_256))));
        assertEquals(Map.of(SHA_512, 16384), credentials.describe("alice"));
    }

    @Test
    void kafkasChecksRefuseEachBadAlterationAndApplyTheOthers() {
        // Given
        credentials.alter(List.of(new Upsertion("dave", SHA_256, 4096, SALT, new byte[32]),
                new Upsertion("twice", SHA_256, 4096, SALT, new byte[32])));

        // When
        Map<String, ScramAlterationResult> results = byUser(credentials.alter(List.of(
                new Upsertion("few", SHA_256, 4095, SALT, new byte[32]),
                new Upsertion("many", SHA_512, 16385, SALT, new byte[64]),
                new Upsertion("", SHA_256, 4096, SALT, new byte[32]),
                new Upsertion("md5", "SCRAM-MD5", 4096, SALT, new byte[32]),
                new Deletion("missing", SHA_256),
                new Deletion("twice", SHA_256),
                new Upsertion("twice", SHA_256, 4096, SALT, new byte[32]),
                new Deletion("dave", SHA_512),
                new Upsertion("ok", SHA_256, 4096, SALT, new byte[32]))));

        // Then
        assertEquals(new ScramAlterationResult("few", BrokerError.UNACCEPTABLE_CREDENTIAL, "Too few iterations"),
                results.get("few"));
        assertEquals(new ScramAlterationResult("many", BrokerError.UNACCEPTABLE_CREDENTIAL, "Too many iterations"),
                results.get("many"));
        assertEquals(new ScramAlterationResult("", BrokerError.UNACCEPTABLE_CREDENTIAL, "Username must not be empty"),
                results.get(""));
        assertEquals(new ScramAlterationResult("md5", BrokerError.UNSUPPORTED_SASL_MECHANISM,
                "Unknown SCRAM mechanism"), results.get("md5"));
        assertEquals(new ScramAlterationResult("missing", BrokerError.RESOURCE_NOT_FOUND,
                "Attempt to delete a user credential that does not exist"), results.get("missing"));
        assertEquals(new ScramAlterationResult("twice", BrokerError.DUPLICATE_RESOURCE,
                "A user credential cannot be altered twice in the same request"), results.get("twice"));
        assertEquals(BrokerError.RESOURCE_NOT_FOUND, results.get("dave").error());
        assertEquals(BrokerError.NONE, results.get("ok").error());
        assertEquals(8, results.size());
        assertEquals(Set.of("dave", "ok", "twice"), credentials.users());
    }

    @Test
    void anUnknownUserIsNotFound() {
        BrokerException e = assertThrows(BrokerException.class, () -> credentials.describe("nobody"));

        assertEquals(BrokerError.RESOURCE_NOT_FOUND, e.error());
        assertEquals("Attempt to describe a user credential that does not exist: nobody", e.getMessage());
        assertTrue(credentials.credential("nobody", SHA_256).isEmpty());
    }

    @Test
    void credentialsOutliveTheStore() throws IOException {
        credentials.alter(List.of(new Upsertion("alice", SHA_512, 4096, SALT, new byte[64])));
        store.close();

        store = LogMetadataStore.open(logDir, 1, Long.MAX_VALUE, Clock.system());

        assertEquals(Map.of(SHA_512, 4096), new LocalScramCredentials(store).describe("alice"));
    }

    private static Map<String, ScramAlterationResult> byUser(List<ScramAlterationResult> results) {
        return results.stream().collect(Collectors.toMap(ScramAlterationResult::user, result -> result));
    }

    /** What a client sends: Hi(password, salt, i) of RFC 5802, which is PBKDF2 with HMAC-SHA-256. */
    private static byte[] saltedPassword(String password, int iterations) throws Exception {
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), SALT, iterations, 256)).getEncoded();
    }

    private static byte[] hmac(byte[] key, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }
}
