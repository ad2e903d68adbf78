package dev.ferry.distribution;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Kafka Connect worker in distributed mode ({@code connect-distributed.sh worker.properties}), in a process of its
 * own with the test class path, and the calls of its REST API the tests make. Its config, offset and status topics
 * ({@link #INTERNAL_TOPICS}) are Connect's to create, compacted, with replication factor 1; keys and values are
 * strings. Its failures do not repeat what it printed: the test shows {@link #output()}.
 */
final class ConnectWorker implements AutoCloseable {

    static final String CONFIG_TOPIC = "connect-configs";
    static final String OFFSET_TOPIC = "connect-offsets";
    static final String STATUS_TOPIC = "connect-status";
    static final List<String> INTERNAL_TOPICS = List.of(CONFIG_TOPIC, OFFSET_TOPIC, STATUS_TOPIC);

    /** A cold JVM loading Connect's plugins, then joining its group and reading its topics, on a busy machine. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final String MAIN_CLASS = "org.apache.kafka.connect.cli.ConnectDistributed";
    /** Connect's messages at INFO, without the settings of every client nor the name of every plugin found. */
    private static final String LOGGING = """
            rootLogger.level = INFO
            rootLogger.appenderRef.console.ref = console
            appender.console.type = Console
            appender.console.name = console
            appender.console.layout.type = PatternLayout
            appender.console.layout.pattern = [%d] %p %m (%c)%n
            logger.settings.name = org.apache.kafka.common.config.AbstractConfig
            logger.settings.level = WARN
            logger.plugins.name = org.apache.kafka.connect.runtime.isolation
            logger.plugins.level = WARN
            """;

    private final ToolProcess process;
    private final URI rest;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ConnectWorker(ToolProcess process, URI rest) {
        this.process = process;
        this.rest = rest;
    }

    /** Starts a worker of group {@code connect-it} on the broker at {@code bootstrapServers}, its files in a folder. */
    static ConnectWorker start(String bootstrapServers, Path directory) throws IOException {
        URI rest = URI.create("http://127.0.0.1:" + BrokerProcess.freePort());
        Path logging = Files.writeString(directory.resolve("connect-log4j2.properties"), LOGGING);
        Path settings = Files.writeString(directory.resolve("worker.properties"), String.join("\n",
                "bootstrap.servers=" + bootstrapServers,
                "group.id=connect-it",
                "config.storage.topic=" + CONFIG_TOPIC,
                "offset.storage.topic=" + OFFSET_TOPIC,
                "status.storage.topic=" + STATUS_TOPIC,
                "config.storage.replication.factor=1",
                "offset.storage.replication.factor=1",
                "status.storage.replication.factor=1",
                "key.converter=org.apache.kafka.connect.storage.StringConverter",
                "value.converter=org.apache.kafka.connect.storage.StringConverter",
                // source offsets written every second, so that the offset topic is used while the test runs
                "offset.flush.interval.ms=1000",
                "listeners=" + rest,
                // Kafka's own plugins (FileStreamSource, the converters) declare themselves in META-INF/services:
                // found without scanning every class of the test class path, as the default hybrid_warn does
                "plugin.discovery=service_load"));
        ToolProcess process = KafkaCli.start(List.of("-Xms128m", "-Xmx512m",
                "-Dlog4j2.configurationFile=" + logging), MAIN_CLASS, settings.toString());
        return new ConnectWorker(process, rest);
    }

    /**
     * Waits until the worker answers {@code GET /connectors} with 200: it has joined its group and read its config
     * topic (before, it answers with an error, or its port is closed).
     */
    void awaitReady() throws Exception {
        Await.until(START_TIMEOUT, () -> "The Connect worker did not get ready in " + START_TIMEOUT, () -> {
            assertAlive();
            try {
                return send(HttpRequest.newBuilder(rest.resolve("/connectors")).GET()).statusCode() == 200;
            } catch (IOException notListeningYet) {
                return false;
            }
        });
    }

    /**
     * Creates a connector ({@code POST /connectors}). Retries while the worker answers 409, which it does while its
     * group rebalances; fails on any other answer than 201 Created.
     */
    void createConnector(String name, Map<String, String> config) throws Exception {
        String body = new ObjectMapper().writeValueAsString(Map.of("name", name, "config", config));
        HttpRequest.Builder request = HttpRequest.newBuilder(rest.resolve("/connectors"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        Await.until(START_TIMEOUT, () -> "The Connect worker did not create " + name, () -> {
            assertAlive();
            HttpResponse<String> response = send(request);
            if (response.statusCode() != 201 && response.statusCode() != 409) {
                throw new AssertionError("POST /connectors " + body + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.statusCode() == 201;
        });
    }

    String output() {
        return process.output();
    }

    /** Sends SIGTERM and waits until the worker has left its group and exited; returns its exit code. */
    int stop() throws InterruptedException {
        return process.stop(STOP_TIMEOUT);
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("The Connect worker exited");
        }
    }
}
