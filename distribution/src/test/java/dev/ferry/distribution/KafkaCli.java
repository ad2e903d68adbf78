package dev.ferry.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs one of Apache Kafka's command-line tools, from the test class path, as a process of its own. */
final class KafkaCli {

    static final String CONSUMER_GROUPS = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand";
    static final String TOPICS = "org.apache.kafka.tools.TopicCommand";
    /** kafka-configs; in Kafka 4.1 still in the Scala module kafka_2.13. */
    static final String CONFIGS = "kafka.admin.ConfigCommand";

    private KafkaCli() {
    }

    /** Runs a tool to its end and returns what it printed; fails unless it exits with 0. */
    static String run(String mainClass, String... arguments) throws IOException, InterruptedException {
        try (ToolProcess tool = start(List.of(), mainClass, arguments)) {
            int exitCode = tool.awaitExit(Duration.ofSeconds(120));
            if (exitCode != 0) {
                throw new AssertionError(String.join(" ", arguments) + " exited with " + exitCode + ":\n"
                        + tool.output());
            }
            return tool.output();
        }
    }

    /**
     * Starts a tool and leaves it running, for a server such as Kafka Connect's worker.
     *
     * @param jvmOptions options of the tool's JVM (heap, system properties), before its main class
     */
    static ToolProcess start(List<String> jvmOptions, String mainClass, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path")));
        command.addAll(jvmOptions);
        command.add(mainClass);
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("kafka-cli", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        String name = mainClass.substring(mainClass.lastIndexOf('.') + 1) + " " + String.join(" ", arguments);
        return new ToolProcess(name, process, output);
    }

    /** Runs {@code kafka-configs --bootstrap-server <server> <arguments>} and returns what it printed. */
    static String configs(String server, String... arguments) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", server));
        all.addAll(List.of(arguments));
        return run(CONFIGS, all.toArray(String[]::new));
    }

    /** Fails unless a tool printed the text expected, showing all it printed. */
    static void assertPrinted(String output, String expected) {
        if (!output.contains(expected)) {
            throw new AssertionError("expected «" + expected + "» in:\n" + output);
        }
    }
}
