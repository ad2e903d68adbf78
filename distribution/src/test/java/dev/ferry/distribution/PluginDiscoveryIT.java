package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker is what its plugins folder holds: no storage plugin, no start, and a message saying what to add. */
class PluginDiscoveryIT {

    @TempDir
    Path temp;

    @Test
    void withoutTheStoragePluginStartUpFailsClearlyAndWithItTheBrokerStarts() throws Exception {
        // Given
        Path home = BrokerProcess.copyOfDistribution(temp.resolve("broker"));
        Path storagePlugin = onlyFile(home.resolve("plugins"), "ferry-storage-segment");
        Path aside = temp.resolve(storagePlugin.getFileName());
        Files.move(storagePlugin, aside);
        Path config = BrokerProcess.writeConfig(temp, temp.resolve("data"));

        // When
        BrokerProcess failed = BrokerProcess.startExpectingExit(home, config);

        // Then
        assertEquals(1, failed.exitCode(), failed.output());
        assertTrue(failed.output().contains("No storage engine is installed: add the storage-segment plugin jar"),
                failed.output());

        // When
        Files.move(aside, storagePlugin);
        try (BrokerProcess broker = BrokerProcess.start(home, config);
             Admin admin = Admin.create(broker.clientProperties())) {
            // Then
            assertEquals(broker.bootstrapServers().split(":")[1],
                    Integer.toString(admin.describeCluster().nodes().get().iterator().next().port()));
            assertTrue(broker.output().contains("Loaded plugin storage-segment"), broker.output());
            assertTrue(broker.output().contains("Loaded plugin protocol-kafka"), broker.output());
            assertEquals(0, broker.stop());
        }
    }

    private static Path onlyFile(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> matching = files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList();
            assertEquals(1, matching.size(), "files starting with " + prefix + " in " + dir);
            return matching.get(0);
        }
    }
}
