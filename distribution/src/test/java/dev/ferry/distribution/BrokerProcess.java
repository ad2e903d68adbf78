package dev.ferry.distribution;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;

/** A broker started the way users start it: {@code bin/broker conf} of an unpacked distribution, as a process. */
public final class BrokerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path output;
    private final int port;

    private BrokerProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /** The distribution the build unpacked. */
    public static Path distribution() {
        return Path.of(System.getProperty("ferry.distribution", "target/broker-0.1.0-SNAPSHOT"));
    }

    /** Copies the distribution, for a test that changes its plugins. */
    static Path copyOfDistribution(Path home) throws IOException {
        Path source = distribution();
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Files.copy(path, home.resolve(source.relativize(path).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return home;
    }

    /** Writes a config listening on a free port with its logs under {@code dataDir}, plus extra HOCON lines. */
    public static Path writeConfig(Path dir, Path dataDir, String... extraLines) throws IOException {
        StringBuilder config = new StringBuilder()
                .append("listeners = \"PLAINTEXT://127.0.0.1:").append(freePort()).append("\"\n")
                .append("log.dirs = \"").append(dataDir).append("\"\n");
        for (String line : extraLines) {
            config.append(line).append('\n');
        }
        Path file = dir.resolve("broker-" + System.nanoTime() + ".conf");
        Files.writeString(file, config);
        return file;
    }

    /** Starts a broker and waits until it serves, or fails with its output. */
    public static BrokerProcess start(Path home, Path config) throws IOException, InterruptedException {
        return awaitStarted(launch(home, config));
    }

    private static BrokerProcess awaitStarted(BrokerProcess broker) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!broker.output().contains("Broker ") || !broker.output().contains(" started: ")) {
            if (!broker.process.isAlive()) {
                throw new AssertionError("Broker exited with " + broker.process.exitValue() + ":\n" + broker.output());
            }
            if (System.nanoTime() > deadline) {
                broker.process.destroyForcibly();
                throw new AssertionError("Broker did not start in " + START_TIMEOUT + ":\n" + broker.output());
            }
            Thread.sleep(100);
        }
        return broker;
    }

    /** Starts a broker that is expected to fail, and returns its exit code once it has exited. */
    static BrokerProcess startExpectingExit(Path home, Path config) throws IOException, InterruptedException {
        BrokerProcess broker = launch(home, config);
        if (!broker.process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            broker.process.destroyForcibly();
            throw new AssertionError("Broker did not exit:\n" + broker.output());
        }
        return broker;
    }

    private static BrokerProcess launch(Path home, Path config) throws IOException {
        return launch(home, config, "");
    }

    private static BrokerProcess launch(Path home, Path config, String extraJavaOptions) throws IOException {
        Path output = Files.createTempFile("broker-output", ".log");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/broker").toString(), config.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("JAVA_OPTS", ("-Xms256m -Xmx512m " + extraJavaOptions).trim());
        int port = listenerPort(config);
        return new BrokerProcess(builder.start(), output, port);
    }

    /**
     * Starts a broker with JVM options added to the usual ones (for example Netty leak detection or a JMX port),
     * and waits until it serves.
     */
    public static BrokerProcess start(Path home, Path config, String extraJavaOptions)
            throws IOException, InterruptedException {
        return awaitStarted(launch(home, config, extraJavaOptions));
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Properties clientProperties() {
        Properties properties = new Properties();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return properties;
    }

    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    /**
     * Waits until the broker has printed a text. A line logged as the broker closes a connection can reach the
     * output a moment after the client has seen the close.
     */
    public void awaitOutput(String text) throws Exception {
        Await.until(() -> "the broker did not print «" + text + "»:\n" + output(), () -> output().contains(text));
    }

    int exitCode() {
        return process.exitValue();
    }

    /** Sends SIGTERM and waits for the process to exit; returns its exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("Broker did not stop on SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    /**
     * Sends SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown hook runs and nothing is flushed,
     * as in a crash. Waits for the process to die; returns its exit code (137 for SIGKILL).
     */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("Broker did not die on SIGKILL:\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int listenerPort(Path config) throws IOException {
        String text = Files.readString(config);
        int start = text.indexOf("PLAINTEXT://127.0.0.1:") + "PLAINTEXT://127.0.0.1:".length();
        return Integer.parseInt(text.substring(start, text.indexOf('"', start)));
    }

    /** A port nothing listens on now, for a server a test starts. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
