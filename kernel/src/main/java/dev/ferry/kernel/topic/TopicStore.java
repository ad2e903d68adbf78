package dev.ferry.kernel.topic;

import dev.ferry.kernel.store.PropertiesFile;
import dev.ferry.spi.broker.TopicDescription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Keeps each topic's description durable in {@code <log dir>/ferry-metadata/topics/<topic>.properties}, written
 * with a rename so a crash leaves the old file or the new one, never half of one.
 */
final class TopicStore {

    private static final String CONFIG_PREFIX = "config.";
    private static final String SUFFIX = ".properties";

    private final Path dir;

    TopicStore(Path logDir) throws IOException {
        this.dir = Files.createDirectories(logDir.resolve("ferry-metadata").resolve("topics"));
    }

    List<TopicDescription> loadAll() throws IOException {
        List<TopicDescription> topics = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
                topics.add(read(file));
            }
        }
        return topics;
    }

    void save(TopicDescription topic) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("name", topic.name());
        properties.setProperty("topic.id", topic.topicId().toString());
        properties.setProperty("partitions", Integer.toString(topic.partitions()));
        properties.setProperty("replication.factor", Integer.toString(topic.replicationFactor()));
        topic.configs().forEach((key, value) -> properties.setProperty(CONFIG_PREFIX + key, value));
        PropertiesFile.write(dir.resolve(topic.name() + SUFFIX), properties);
    }

    void delete(String topic) throws IOException {
        PropertiesFile.delete(dir.resolve(topic + SUFFIX));
    }

    private static TopicDescription read(Path file) throws IOException {
        Properties properties = PropertiesFile.read(file);
        Map<String, String> configs = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(CONFIG_PREFIX)) {
                configs.put(key.substring(CONFIG_PREFIX.length()), properties.getProperty(key));
            }
        }
        return new TopicDescription(
                properties.getProperty("name"),
                UUID.fromString(properties.getProperty("topic.id")),
                Integer.parseInt(properties.getProperty("partitions")),
                Integer.parseInt(properties.getProperty("replication.factor")),
                configs);
    }
}
