package dev.ferry.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.ferry.kernel.BrokerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLayersTest {

    @TempDir
    Path temp;

    private final Config reference = ConfigFactory.defaultReference();

    @Test
    void theFileOverridesDefaultsAndSystemPropertiesAndEnvironmentOverrideTheFile() throws IOException {
        // Given
        Path file = write("node.id = 7\nnum.partitions = 2\nnum.network.threads = 5\n");
        Properties properties = new Properties();
        properties.setProperty("broker.num.partitions", "4");
        properties.setProperty("broker.num.network.threads", "6");
        properties.setProperty("unrelated.property", "x");
        Map<String, String> environment = Map.of("BROKER_NUM_NETWORK_THREADS", "8", "PATH", "/bin");

        // When
        BrokerConfig config = BrokerConfig.from(
                ConfigLayers.complete(ConfigLayers.userSettings(file, properties, environment), reference));

        // Then
        assertEquals(7, config.nodeId());
        assertEquals(4, config.numPartitions());
        assertEquals(8, config.networkThreads());
        assertEquals(1, config.defaultReplicationFactor());
    }

    @Test
    void anUnknownKeyIsNamedWithItsFileAndLine() throws IOException {
        Path file = write("node.id = 1\nlog.dirz = \"/tmp\"\n");

        StartupProblem problem = assertThrows(StartupProblem.class, () ->
                ConfigLayers.complete(ConfigLayers.userSettings(file, new Properties(), Map.of()), reference));

        assertTrue(problem.getMessage().contains("'log.dirz'"), problem.getMessage());
        assertTrue(problem.getMessage().contains(file.getFileName().toString() + ": 2"), problem.getMessage());
    }

    @Test
    void aBadValueIsNamedWithItsFile() throws IOException {
        Path file = write("num.partitions = 0\n");

        StartupProblem problem = assertThrows(StartupProblem.class, () -> BrokerConfig.from(
                ConfigLayers.complete(ConfigLayers.userSettings(file, new Properties(), Map.of()), reference)));

        assertTrue(problem.getMessage().contains("'num.partitions'"), problem.getMessage());
        assertTrue(problem.getMessage().contains(file.getFileName().toString()), problem.getMessage());
    }

    @Test
    void aBadEnvironmentValueNamesTheVariable() throws IOException {
        Path file = write("");

        StartupProblem problem = assertThrows(StartupProblem.class, () -> BrokerConfig.from(ConfigLayers.complete(
                ConfigLayers.userSettings(file, new Properties(), Map.of("BROKER_NODE_ID", "one")), reference)));

        assertTrue(problem.getMessage().contains("environment variable BROKER_NODE_ID"), problem.getMessage());
    }

    @Test
    void listenersAreParsedAndCheckedAsKafkaWritesThem() throws IOException {
        Path good = write("listeners = \"PLAINTEXT://127.0.0.1:9092,INTERNAL://[::1]:9093,EXTERNAL://:9094\"\n");
        BrokerConfig config = BrokerConfig.from(
                ConfigLayers.complete(ConfigLayers.userSettings(good, new Properties(), Map.of()), reference));
        assertEquals(3, config.listeners().size());
        assertEquals("::1", config.listeners().get(1).endpoint().host());
        assertEquals("", config.listeners().get(2).endpoint().host());

        Path bad = write("listeners = \"PLAINTEXT://127.0.0.1:99999\"\n");
        StartupProblem problem = assertThrows(StartupProblem.class, () -> BrokerConfig.from(
                ConfigLayers.complete(ConfigLayers.userSettings(bad, new Properties(), Map.of()), reference)));
        assertTrue(problem.getMessage().contains("'listeners'"), problem.getMessage());
    }

    private Path write(String text) throws IOException {
        Path file = temp.resolve("broker-" + System.nanoTime() + ".conf");
        Files.writeString(file, text);
        return file;
    }

    /** Keys as the Kafka plugin's reference.conf holds them: quoted, since one is the prefix of another. */
    private final Config quotedKeysReference = ConfigFactory.parseString("\"max.connections\" = 100\n"
            + "\"max.connections.per.ip\" = 100\n\"max.connections.per.ip.overrides\" = \"\"\n").withFallback(reference);

    @Test
    void environmentVariablesSetQuotedKeysThatArePrefixesOfEachOther() throws IOException {
        // Given
        Map<String, String> environment = Map.of("BROKER_MAX_CONNECTIONS", "5", "BROKER_MAX_CONNECTIONS_PER_IP", "2",
                "BROKER_MAX_CONNECTIONS_PER_IP_OVERRIDES", "10.0.0.7:50", "BROKER_NUM_PARTITIONS", "3");

        // When
        Config config = ConfigLayers.complete(ConfigLayers.userSettings(write(""), new Properties(), environment),
                quotedKeysReference);

        // Then
        assertEquals(5, config.getInt("\"max.connections\""));
        assertEquals(2, config.getInt("\"max.connections.per.ip\""));
        assertEquals("10.0.0.7:50", config.getString("\"max.connections.per.ip.overrides\""));
        assertEquals(3, config.getInt("num.partitions"));
    }

    @Test
    void systemPropertiesSetQuotedKeysAndTheEnvironmentStillWins() throws IOException {
        Properties properties = new Properties();
        properties.setProperty("broker.max.connections", "7");
        properties.setProperty("broker.max.connections.per.ip", "3");

        Config config = ConfigLayers.complete(ConfigLayers.userSettings(write("\"max.connections\" = 9\n"), properties,
                Map.of("BROKER_MAX_CONNECTIONS_PER_IP", "4")), quotedKeysReference);

        assertEquals(7, config.getInt("\"max.connections\""));
        assertEquals(4, config.getInt("\"max.connections.per.ip\""));
    }

    @Test
    void aQuotedKeyWrittenUnquotedInTheFileStopsStartUpSayingToQuoteIt() throws IOException {
        Path file = write("num.partitions = 2\nmax.connections = 5\n");

        StartupProblem problem = assertThrows(StartupProblem.class, () -> ConfigLayers.complete(
                ConfigLayers.userSettings(file, new Properties(), Map.of()), quotedKeysReference));

        assertTrue(problem.getMessage().contains("max.connections"), problem.getMessage());
        assertTrue(problem.getMessage().contains("must be quoted: write \"max.connections\" = "), problem.getMessage());
        assertTrue(problem.getMessage().contains(file.getFileName().toString() + ": 2"), problem.getMessage());
    }

    @Test
    void aBadValueOfAQuotedKeyNamesTheVariable() throws IOException {
        Config config = ConfigLayers.complete(ConfigLayers.userSettings(write(""), new Properties(),
                Map.of("BROKER_MAX_CONNECTIONS", "many")), quotedKeysReference);

        StartupProblem problem = assertThrows(StartupProblem.class,
                () -> new ConfigReader(config).intAtLeast("\"max.connections\"", 1));

        assertTrue(problem.getMessage().contains("environment variable BROKER_MAX_CONNECTIONS"), problem.getMessage());
    }

    @Test
    void anOverrideFindsAQuotedKeyBelowAPath() {
        Config nested = ConfigFactory.parseString("group { \"consumer.assignors\" = [] }\nlog.dirs = x");

        assertEquals("group.\"consumer.assignors\"", ConfigLayers.pathIn(nested, "group.consumer.assignors"));
        assertEquals("log.dirs", ConfigLayers.pathIn(nested, "log.dirs"));
        assertEquals("no.such.key", ConfigLayers.pathIn(nested, "no.such.key"));
    }
}
