package dev.ferry.distribution;

import static dev.ferry.distribution.KafkaCli.assertPrinted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.errors.DuplicateResourceException;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.UnacceptableCredentialException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SCRAM credentials through the real AdminClient and the real {@code kafka-configs}, kept across a restart. */
class ScramCredentialsIT {

    @TempDir
    Path temp;

    @Test
    void credentialsAreAlteredDescribedWithoutSecretsAndKeptAcrossARestart() throws Exception {
        Path config = BrokerProcess.writeConfig(temp, temp.resolve("data"));
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config);
             Admin admin = Admin.create(broker.clientProperties())) {
            // Given
            admin.alterUserScramCredentials(List.of(
                    new UserScramCredentialUpsertion("alice", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256,
                            8192), "alice-secret"),
                    new UserScramCredentialUpsertion("bob", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512,
                            4096), "bob-secret"))).all().get();
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("alice",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 16384), "alice-secret"))).all().get();

            // When
            Map<String, UserScramCredentialsDescription> all = admin.describeUserScramCredentials().all().get();

            // Then
            assertEquals(List.of(info(ScramMechanism.SCRAM_SHA_256, 8192), info(ScramMechanism.SCRAM_SHA_512, 16384)),
                    sorted(all.get("alice")));
            assertEquals(List.of(info(ScramMechanism.SCRAM_SHA_512, 4096)), sorted(all.get("bob")));
            assertEquals(2, all.size());

            // and a deletion
            admin.alterUserScramCredentials(List.of(new UserScramCredentialDeletion("alice",
                    ScramMechanism.SCRAM_SHA_256))).all().get();
            assertEquals(0, broker.stop());
        }

        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config);
             Admin admin = Admin.create(broker.clientProperties())) {
            assertEquals(List.of(info(ScramMechanism.SCRAM_SHA_512, 16384)),
                    sorted(admin.describeUserScramCredentials(List.of("alice")).description("alice").get()));
            assertEquals(List.of(info(ScramMechanism.SCRAM_SHA_512, 4096)),
                    sorted(admin.describeUserScramCredentials(List.of("bob")).description("bob").get()));
        }
    }

    @Test
    void badAlterationsAndDescriptionsGetKafkasErrors() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(),
                BrokerProcess.writeConfig(temp, temp.resolve("data")));
             Admin admin = Admin.create(broker.clientProperties())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("carol",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), "carol-secret"))).all().get();

            var results = admin.alterUserScramCredentials(List.of(
                    new UserScramCredentialUpsertion("few", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256,
                            1024), "secret"),
                    new UserScramCredentialUpsertion("many", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256,
                            16385), "secret"),
                    new UserScramCredentialDeletion("missing", ScramMechanism.SCRAM_SHA_512),
                    new UserScramCredentialDeletion("carol", ScramMechanism.SCRAM_SHA_256),
                    new UserScramCredentialUpsertion("carol", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512,
                            4096), "secret"))).values();

            assertFailsWith(UnacceptableCredentialException.class, "Too few iterations", results.get("few"));
            assertFailsWith(UnacceptableCredentialException.class, "Too many iterations", results.get("many"));
            assertFailsWith(ResourceNotFoundException.class, "Attempt to delete a user credential that does not exist",
                    results.get("missing"));
            assertFailsWith(DuplicateResourceException.class,
                    "A user credential cannot be altered twice in the same request", results.get("carol"));
            assertFailsWith(ResourceNotFoundException.class,
                    "Attempt to describe a user credential that does not exist: nobody",
                    admin.describeUserScramCredentials(List.of("nobody")).description("nobody"));
            assertFailsWith(DuplicateResourceException.class,
                    "Cannot describe SCRAM credentials for the same user twice in a single request: carol",
                    admin.describeUserScramCredentials(List.of("carol", "carol")).description("carol"));
            assertEquals(List.of(info(ScramMechanism.SCRAM_SHA_256, 4096)),
                    sorted(admin.describeUserScramCredentials().all().get().get("carol")));
        }
    }

    @Test
    void kafkaConfigsAddsDescribesAndDeletesACredential() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(),
                BrokerProcess.writeConfig(temp, temp.resolve("data")));
             Admin admin = Admin.create(broker.clientProperties())) {
            String server = broker.bootstrapServers();

            // as in Kafka, one request alters a user once: one mechanism per command
            assertPrinted(configs(server, "--alter", "--add-config",
                    "SCRAM-SHA-256=[iterations=8192,password=alice-secret]"),
                    "Completed updating config for user alice.");
            configs(server, "--alter", "--add-config", "SCRAM-SHA-512=[password=alice-secret]");
            assertEquals(List.of(info(ScramMechanism.SCRAM_SHA_256, 8192), info(ScramMechanism.SCRAM_SHA_512, 4096)),
                    sorted(admin.describeUserScramCredentials(List.of("alice")).description("alice").get()));

            assertPrinted(configs(server, "--alter", "--delete-config", "SCRAM-SHA-256"),
                    "Completed updating config for user alice.");
            assertEquals(List.of(info(ScramMechanism.SCRAM_SHA_512, 4096)),
                    sorted(admin.describeUserScramCredentials(List.of("alice")).description("alice").get()));

            // kafka-configs --describe of a user asks for its client quotas first
            assertPrinted(configs(server, "--describe"),
                    "SCRAM credential configs for user-principal 'alice' are SCRAM-SHA-512=iterations=4096");
        }
    }

    private static String configs(String server, String... arguments) throws Exception {
        List<String> all = new ArrayList<>(List.of("--entity-type", "users", "--entity-name", "alice"));
        all.addAll(List.of(arguments));
        return KafkaCli.configs(server, all.toArray(String[]::new));
    }

    private static ScramCredentialInfo info(ScramMechanism mechanism, int iterations) {
        return new ScramCredentialInfo(mechanism, iterations);
    }

    private static List<ScramCredentialInfo> sorted(UserScramCredentialsDescription description) {
        return description.credentialInfos().stream()
                .sorted((a, b) -> a.mechanism().compareTo(b.mechanism()))
                .toList();
    }

    private static void assertFailsWith(Class<? extends Throwable> type, String message, Future<?> result) {
        ExecutionException e = assertThrows(ExecutionException.class, result::get);
        assertInstanceOf(type, e.getCause(), e.toString());
        assertEquals(message, e.getCause().getMessage());
    }
}
