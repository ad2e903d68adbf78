package dev.ferry.distribution;

import static dev.ferry.distribution.KafkaCli.assertPrinted;
import static dev.ferry.distribution.KafkaCli.configs;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kafka-configs} as a user runs it on client quotas: clients, users, both, and their defaults. */
class QuotasCliIT {

    @TempDir
    Path temp;

    @Test
    void altersAndDescribesQuotasOfClientsAndUsers() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(),
                BrokerProcess.writeConfig(temp, temp.resolve("data")))) {
            String server = broker.bootstrapServers();

            // When, then: a client id and the default client id
            assertPrinted(configs(server, "--entity-type", "clients", "--entity-name", "app", "--alter",
                    "--add-config", "producer_byte_rate=1024,consumer_byte_rate=2048"),
                    "Completed updating config for client app.");
            assertPrinted(configs(server, "--entity-type", "clients", "--entity-default", "--alter",
                    "--add-config", "consumer_byte_rate=4096"),
                    "Completed updating default config for clients in the cluster.");
            assertPrinted(configs(server, "--entity-type", "clients", "--entity-name", "app", "--describe"),
                    "Quota configs for client-id 'app' are consumer_byte_rate=2048.0, producer_byte_rate=1024.0");
            String clients = configs(server, "--entity-type", "clients", "--describe");
            assertPrinted(clients, "Quota configs for the default client-id are consumer_byte_rate=4096.0");
            assertPrinted(clients, "Quota configs for client-id 'app' are");

            // a user, the default user, and a user's client id
            assertPrinted(configs(server, "--entity-type", "users", "--entity-name", "alice", "--alter",
                    "--add-config", "request_percentage=50"), "Completed updating config for user alice.");
            assertPrinted(configs(server, "--entity-type", "users", "--entity-default", "--alter",
                    "--add-config", "producer_byte_rate=8192"),
                    "Completed updating default config for users in the cluster.");
            assertPrinted(configs(server, "--entity-type", "users", "--entity-name", "alice", "--entity-type",
                    "clients", "--entity-name", "app", "--alter", "--add-config", "controller_mutation_rate=10"),
                    "Completed updating config for user alice.");
            assertPrinted(configs(server, "--entity-type", "users", "--entity-default", "--describe"),
                    "Quota configs for the default user-principal are producer_byte_rate=8192.0");
            assertPrinted(configs(server, "--entity-type", "users", "--entity-name", "alice", "--entity-type",
                    "clients", "--describe"),
                    "Quota configs for user-principal 'alice', client-id 'app' are controller_mutation_rate=10.0");

            // a key deleted, and a value Kafka refuses
            configs(server, "--entity-type", "clients", "--entity-name", "app", "--alter",
                    "--delete-config", "producer_byte_rate");
            String app = configs(server, "--entity-type", "clients", "--entity-name", "app", "--describe");
            assertPrinted(app, "Quota configs for client-id 'app' are consumer_byte_rate=2048.0");
            assertFalse(app.contains("producer_byte_rate"), app);
            AssertionError refused = assertThrows(AssertionError.class, () -> configs(server, "--entity-type",
                    "clients", "--entity-name", "app", "--alter", "--add-config", "producer_byte_rate=1.5"));
            assertPrinted(refused.getMessage(), "producer_byte_rate cannot be a fractional value.");
        }
    }
}
