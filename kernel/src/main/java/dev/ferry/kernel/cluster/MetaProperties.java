package dev.ferry.kernel.cluster;

import dev.ferry.kernel.config.StartupProblem;
import dev.ferry.kernel.store.PropertiesFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Properties;
import java.util.UUID;

/**
 * The {@code meta.properties} file Kafka keeps in each log directory: which cluster and node the data belongs to.
 * Written once when a directory is first used; a directory of another node stops start-up.
 */
public record MetaProperties(String clusterId, int nodeId) {

    static final String FILE_NAME = "meta.properties";

    /** Reads the directory's identity, or writes a new one with a fresh cluster id. */
    public static MetaProperties loadOrCreate(Path logDir, int nodeId) throws IOException {
        Path file = logDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            Properties properties = PropertiesFile.read(file);
            int storedNodeId = Integer.parseInt(properties.getProperty("node.id", "-1"));
            if (storedNodeId != nodeId) {
                throw new StartupProblem(file + " belongs to node " + storedNodeId
                        + " but node.id is " + nodeId + ": use that node id or another log directory");
            }
            return new MetaProperties(properties.getProperty("cluster.id"), nodeId);
        }
        MetaProperties created = new MetaProperties(randomKafkaUuid(), nodeId);
        created.write(file);
        return created;
    }

    private void write(Path file) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("version", "1");
        properties.setProperty("cluster.id", clusterId);
        properties.setProperty("node.id", Integer.toString(nodeId));
        properties.setProperty("directory.id", randomKafkaUuid());
        PropertiesFile.write(file, properties);
    }

    /** Kafka's textual UUID: the 16 bytes in URL-safe base64 without padding, 22 characters. */
    static String randomKafkaUuid() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }
}
