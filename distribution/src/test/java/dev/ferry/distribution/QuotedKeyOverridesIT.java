package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka plugin's quoted keys ({@code "max.connections"}, {@code "max.connections.per.ip"}), one the prefix of
 * the other, set from outside the file as users do: environment variables and system properties.
 */
class QuotedKeyOverridesIT {

    @TempDir
    Path temp;

    @Test
    void environmentVariablesSetMaxConnectionsAndMaxConnectionsPerIp() throws Exception {
        // Given
        Path home = withEnvironment("BROKER_MAX_CONNECTIONS=5", "BROKER_MAX_CONNECTIONS_PER_IP=2");

        // each connection is served before the next opens: connections opened at once are counted in any order
        try (BrokerProcess broker = BrokerProcess.start(home, BrokerProcess.writeConfig(temp, temp.resolve("data")));
             RawKafkaConnection first = served(RawKafkaConnection.open(broker.port()));
             RawKafkaConnection second = served(RawKafkaConnection.open(broker.port()))) {

            // When
            try (RawKafkaConnection third = RawKafkaConnection.open(broker.port())) {

                // Then
                assertTrue(third.isClosedByBroker());
                broker.awaitOutput("too many connections from 127.0.0.1 (max.connections.per.ip 2)");
            }
        }
    }

    @Test
    void systemPropertiesSetTheQuotedKeysToo() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(),
                BrokerProcess.writeConfig(temp, temp.resolve("data")),
                "-Dbroker.max.connections.per.ip=1 -Dbroker.max.connections=5");
             RawKafkaConnection first = served(RawKafkaConnection.open(broker.port()));
             RawKafkaConnection second = RawKafkaConnection.open(broker.port())) {
            assertTrue(second.isClosedByBroker());
            broker.awaitOutput("(max.connections.per.ip 1)");
        }
    }

    @Test
    void anUnquotedQuotedKeyInTheFileStopsStartUpSayingToQuoteIt() throws Exception {
        Path config = BrokerProcess.writeConfig(temp, temp.resolve("data"), "max.connections = 5");

        BrokerProcess broker = BrokerProcess.startExpectingExit(BrokerProcess.distribution(), config);

        assertEquals(1, broker.exitCode(), broker.output());
        assertTrue(broker.output().contains("must be quoted: write \"max.connections\" = "), broker.output());
        assertTrue(broker.output().contains(config.getFileName() + ": 3"), broker.output());
    }

    private static RawKafkaConnection served(RawKafkaConnection connection) throws Exception {
        assertTrue(connection.isServed(), "a connection within the limits is served");
        return connection;
    }

    /**
     * A folder whose {@code bin/broker} starts the distribution's with environment variables set, as a service
     * manager or a container would.
     */
    private Path withEnvironment(String... variables) throws Exception {
        Path script = Files.createDirectories(temp.resolve("with-environment/bin")).resolve("broker");
        StringBuilder text = new StringBuilder("#!/usr/bin/env bash\n");
        for (String variable : variables) {
            text.append("export ").append(variable).append('\n');
        }
        text.append("exec \"").append(BrokerProcess.distribution().toAbsolutePath().resolve("bin/broker"))
                .append("\" \"$@\"\n");
        Files.writeString(script, text);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script.getParent().getParent();
    }
}
