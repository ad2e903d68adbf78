package dev.ferry.distribution;

import static dev.ferry.distribution.KafkaCli.TOPICS;
import static dev.ferry.distribution.KafkaCli.assertPrinted;
import static dev.ferry.distribution.KafkaCli.configs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code cleanup.policy} set and changed with kafka-topics, kafka-configs and the Admin client, as against Kafka. */
class CompactionCliIT {

    @RegisterExtension
    static final SharedBroker SHARED = SharedBroker.withConfig();

    @Test
    void kafkaTopicsCreatesACompactedTopicAndKafkaConfigsMakesItCompactAndDelete() throws Exception {
        // Given
        String server = SHARED.broker().bootstrapServers();

        // When
        assertPrinted(KafkaCli.run(TOPICS, "--bootstrap-server", server, "--create", "--topic", "table",
                "--partitions", "2", "--config", "cleanup.policy=compact"), "Created topic table.");
        String compacted = KafkaCli.run(TOPICS, "--bootstrap-server", server, "--describe", "--topic", "table");
        assertPrinted(configs(server, "--entity-type", "topics", "--entity-name", "table", "--alter",
                "--add-config", "cleanup.policy=[compact,delete]"), "Completed updating config for topic table.");

        // Then
        assertPrinted(compacted, "Configs: cleanup.policy=compact");
        assertPrinted(configs(server, "--entity-type", "topics", "--entity-name", "table", "--describe"),
                "cleanup.policy=compact,delete sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:cleanup.policy="
                        + "compact,delete, DEFAULT_CONFIG:log.cleanup.policy=delete}");
    }

    @Test
    void appendAndSubtractChangeTheListAndAnUnknownPolicyIsRefused() throws Exception {
        // Given
        KafkaCli.run(TOPICS, "--bootstrap-server", SHARED.broker().bootstrapServers(), "--create", "--topic",
                "listed");
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "listed");

        // When, then
        alter(topic, new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.APPEND));
        assertEquals("delete,compact", cleanupPolicy(topic));
        alter(topic, new AlterConfigOp(new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.SUBTRACT));
        assertEquals("compact", cleanupPolicy(topic));
        ExecutionException refused = assertThrows(ExecutionException.class, () -> alter(topic,
                new AlterConfigOp(new ConfigEntry("cleanup.policy", "shrink"), AlterConfigOp.OpType.APPEND)));
        assertInstanceOf(InvalidConfigurationException.class, refused.getCause());
        assertTrue(refused.getCause().getMessage().startsWith(
                "Invalid value compact,shrink for configuration cleanup.policy"), refused.getCause().getMessage());
        assertEquals("compact", cleanupPolicy(topic));
    }

    private static void alter(ConfigResource topic, AlterConfigOp op) throws Exception {
        SHARED.admin().incrementalAlterConfigs(Map.of(topic, List.of(op))).all().get();
    }

    private static String cleanupPolicy(ConfigResource topic) throws Exception {
        return SHARED.admin().describeConfigs(List.of(topic)).all().get().get(topic).get("cleanup.policy").value();
    }
}
