package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kafka-log-dirs} and {@code kafka-broker-api-versions} as a user runs them. */
class LogDirsCliIT {

    private static final String LOG_DIRS = "org.apache.kafka.tools.LogDirsCommand";
    private static final String BROKER_API_VERSIONS = "org.apache.kafka.tools.BrokerApiVersionsCommand";

    @TempDir
    Path temp;

    @Test
    void logDirsShowEachPartitionsSizeAndApiVersionsTheServedRanges() throws Exception {
        Path data = temp.resolve("data");
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(),
                BrokerProcess.writeConfig(temp, data, "node.id = 5"));
             Admin admin = Admin.create(broker.clientProperties())) {
            // Given
            admin.createTopics(List.of(new NewTopic("sized", 2, (short) 1))).all().get();
            PartitionWriter.produce(broker, "sized", 0, 20);
            String server = broker.bootstrapServers();

            // When
            String logDirs = KafkaCli.run(LOG_DIRS, "--bootstrap-server", server, "--describe",
                    "--topic-list", "sized");
            String apiVersions = KafkaCli.run(BROKER_API_VERSIONS, "--bootstrap-server", server);

            // Then
            assertTrue(logDirs.contains("\"broker\":5"), logDirs);
            assertTrue(logDirs.contains("\"logDir\":\"" + data + "\""), logDirs);
            assertTrue(size(logDirs, "sized-0") > 20 * 12, logDirs);
            assertEquals(0, size(logDirs, "sized-1"), logDirs);
            assertFalse(logDirs.contains("__consumer_offsets"), "only the topics listed:\n" + logDirs);

            assertTrue(apiVersions.startsWith(server + " (id: 5 rack: null isFenced: false) -> ("), apiVersions);
            for (String served : List.of("Produce(0): 0 to 13 [usable: 13]", "Metadata(3): 0 to 13 [usable: 13]",
                    "CreatePartitions(37): 0 to 3 [usable: 3]", "DescribeLogDirs(35): 1 to 4 [usable: 4]",
                    "DescribeCluster(60): 0 to 2 [usable: 2]", "DescribeTopicPartitions(75): 0 [usable: 0]",
                    "InitProducerId(22): 0 to 5 [usable: 5]", "EndTxn(26): 0 to 4 [usable: 4]")) {
                assertTrue(apiVersions.contains(served), served + " in\n" + apiVersions);
            }
            assertTrue(apiVersions.contains("ShareFetch(78): UNSUPPORTED"), apiVersions);
            assertEquals(0, broker.stop());
        }
    }

    /** A partition's size in kafka-log-dirs' JSON. */
    private static long size(String printed, String partition) {
        Matcher matcher = Pattern.compile("\"partition\":\"" + Pattern.quote(partition) + "\",\"size\":(\\d+)")
                .matcher(printed);
        assertTrue(matcher.find(), partition + " in\n" + printed);
        return Long.parseLong(matcher.group(1));
    }
}
