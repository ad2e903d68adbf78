package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kafka-console-producer}, {@code kafka-console-consumer}, {@code kafka-get-offsets} and
 * {@code kafka-delete-records} as a user runs them.
 */
class ConsoleToolsCliIT {

    private static final String CONSOLE_PRODUCER = "org.apache.kafka.tools.ConsoleProducer";
    private static final String CONSOLE_CONSUMER = "org.apache.kafka.tools.consumer.ConsoleConsumer";
    private static final String GET_OFFSETS = "org.apache.kafka.tools.GetOffsetShell";
    private static final String DELETE_RECORDS = "org.apache.kafka.tools.DeleteRecordsCommand";

    @TempDir
    Path temp;

    @Test
    void producesAndConsumesKeyedRecordsThenDeletesTheOldest() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(),
                BrokerProcess.writeConfig(temp, temp.resolve("data")));
             Admin admin = Admin.create(broker.clientProperties())) {
            // Given
            admin.createTopics(List.of(new NewTopic("console", 1, (short) 1))).all().get();
            String server = broker.bootstrapServers();
            Path input = Files.writeString(temp.resolve("input.txt"), "k1:first\nk2:second\nk3:third\n");

            // When: the records typed in, keys before the colon
            KafkaCli.run(WithStandardInput.class.getName(), input.toString(), CONSOLE_PRODUCER,
                    "--bootstrap-server", server, "--topic", "console",
                    "--property", "parse.key=true", "--property", "key.separator=:");

            // Then
            String consumed = KafkaCli.run(CONSOLE_CONSUMER, "--bootstrap-server", server, "--topic", "console",
                    "--from-beginning", "--max-messages", "3", "--property", "print.key=true");
            assertEquals(List.of("k1\tfirst", "k2\tsecond", "k3\tthird"), records(consumed), consumed);
            assertTrue(consumed.contains("Processed a total of 3 messages"), consumed);
            assertEquals(Set.of("console:0:3"), offsets(KafkaCli.run(GET_OFFSETS, "--bootstrap-server", server,
                    "--topic", "console")));

            // When: the two oldest deleted
            Path offsetFile = Files.writeString(temp.resolve("delete.json"),
                    "{\"partitions\": [{\"topic\": \"console\", \"partition\": 0, \"offset\": 2}], \"version\": 1}");
            String deleted = KafkaCli.run(DELETE_RECORDS, "--bootstrap-server", server,
                    "--offset-json-file", offsetFile.toString());

            // Then
            assertTrue(deleted.contains("partition: console-0\tlow_watermark: 2"), deleted);
            assertEquals(Set.of("console:0:2"), offsets(KafkaCli.run(GET_OFFSETS, "--bootstrap-server", server,
                    "--topic", "console", "--time", "earliest")));
            String rest = KafkaCli.run(CONSOLE_CONSUMER, "--bootstrap-server", server, "--topic", "console",
                    "--from-beginning", "--max-messages", "1", "--property", "print.key=true");
            assertEquals(List.of("k3\tthird"), records(rest), rest);
            assertEquals(0, broker.stop());
        }
    }

    /** The consumer's record lines: key, tab, value. */
    private static List<String> records(String printed) {
        return printed.lines().filter(line -> line.matches("k\\d\t.*")).toList();
    }

    /** The {@code topic:partition:offset} lines of kafka-get-offsets. */
    private static Set<String> offsets(String printed) {
        return printed.lines().filter(line -> line.matches("[\\w.-]+:\\d+:-?\\d+")).collect(Collectors.toSet());
    }
}
