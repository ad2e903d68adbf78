package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.connect.file.FileStreamSourceConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka Connect in distributed mode against the broker: the worker creates its config, offset and status topics
 * (compacted), joins its group, stores its connector's config, offsets and status there, and runs a FileStreamSource
 * connector that copies the lines of a file into a topic.
 */
class KafkaConnectIT {

    private static final String TOPIC = "file-lines";
    /** The exit code of a JVM ended by SIGTERM once its shutdown hooks have run. */
    private static final int EXIT_ON_SIGTERM = 128 + 15;

    @RegisterExtension
    static final SharedBroker BROKER = SharedBroker.withConfig();

    @TempDir
    Path temp;

    private ConnectWorker worker;

    /** Any failure shows what the worker and the broker printed. */
    @RegisterExtension
    final TestExecutionExceptionHandler withOutputs = (context, failure) -> {
        throw new AssertionError(failure + "\n--- Connect worker:\n" + (worker == null ? "(not started)"
                : worker.output()) + "\n--- broker:\n" + BROKER.broker().output(), failure);
    };

    @AfterEach
    void killWorker() throws InterruptedException {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void runsAFileStreamSourceConnectorThatCopiesEveryLineInOrder() throws Exception {
        // Given: a worker in distributed mode, and a connector reading a file into a topic of one partition
        BROKER.admin().createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        Path file = Files.createFile(temp.resolve("lines.txt"));
        worker = ConnectWorker.start(BROKER.broker().bootstrapServers(), temp);
        worker.awaitReady();
        worker.createConnector("file-source", Map.of(
                "connector.class", FileStreamSourceConnector.class.getName(),
                "tasks.max", "1",
                FileStreamSourceConnector.FILE_CONFIG, file.toString(),
                FileStreamSourceConnector.TOPIC_CONFIG, TOPIC));

        // When: lines are appended to the file, in two writes
        List<String> lines = IntStream.rangeClosed(1, 200).mapToObj(i -> "line " + i).toList();
        append(file, lines.subList(0, 100));
        append(file, lines.subList(100, 200));

        // Then: every line arrives, in order
        assertEquals(lines, PartitionReader.read(BROKER.broker(), new TopicPartition(TOPIC, 0), lines.size()));
        // and Connect's internal topics are there, compacted
        assertEquals(everyOne(ConnectWorker.INTERNAL_TOPICS, TopicConfig.CLEANUP_POLICY_COMPACT),
                cleanupPolicies(ConnectWorker.INTERNAL_TOPICS));
        // and the worker stops cleanly on SIGTERM
        assertEquals(EXIT_ON_SIGTERM, worker.stop());
        assertTrue(worker.output().contains("Kafka Connect stopped"));
    }

    private static void append(Path file, List<String> lines) throws Exception {
        Files.write(file, lines, StandardOpenOption.APPEND);
    }

    /** Each topic's {@code cleanup.policy}, as the Admin client describes it. */
    private static Map<String, String> cleanupPolicies(Collection<String> topics) throws Exception {
        List<ConfigResource> resources = topics.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
        return BROKER.admin().describeConfigs(resources).all().get().entrySet().stream().collect(Collectors.toMap(
                described -> described.getKey().name(),
                described -> described.getValue().get(TopicConfig.CLEANUP_POLICY_CONFIG).value()));
    }

    private static Map<String, String> everyOne(Collection<String> topics, String value) {
        return topics.stream().collect(Collectors.toMap(Function.identity(), topic -> value));
    }
}
