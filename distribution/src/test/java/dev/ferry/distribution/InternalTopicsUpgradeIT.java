package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory of a version whose internal topics were not compacted is upgraded in place at start: the topics
 * become compacted with Kafka's segment size, and what they held is still there.
 */
class InternalTopicsUpgradeIT {

    private static final ConfigResource OFFSETS_TOPIC = new ConfigResource(ConfigResource.Type.TOPIC,
            "__consumer_offsets");

    @TempDir
    Path temp;

    @Test
    void anOffsetsTopicOfTheDeletePolicyBecomesCompactedAndKeepsItsOffsets() throws Exception {
        Path config = BrokerProcess.writeConfig(temp, temp.resolve("data"));
        TopicPartition orders = new TopicPartition("orders", 0);
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config);
             Admin admin = Admin.create(broker.clientProperties())) {
            // Given: the offsets topic as the previous version created it, holding a committed offset
            admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1))).all().get();
            admin.alterConsumerGroupOffsets("billing", Map.of(orders, new OffsetAndMetadata(42))).all().get();
            admin.incrementalAlterConfigs(Map.of(OFFSETS_TOPIC, List.of(
                    set("cleanup.policy", "delete"), set("retention.ms", "-1"), set("segment.bytes", "104857600"))))
                    .all().get();
            assertEquals("delete", configOf(admin).get("cleanup.policy").value());
            assertEquals(0, broker.stop());
        }

        // When
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config);
             Admin admin = Admin.create(broker.clientProperties())) {

            // Then
            Config upgraded = configOf(admin);
            assertEquals("compact", upgraded.get("cleanup.policy").value());
            assertNotEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, upgraded.get("retention.ms").source());
            assertEquals("104857600", upgraded.get("segment.bytes").value());
            assertEquals(42, admin.listConsumerGroupOffsets("billing").partitionsToOffsetAndMetadata().get()
                    .get(orders).offset());
            broker.awaitOutput("Changing the configs of __consumer_offsets");
            assertEquals(0, broker.stop());
        }
    }

    private static AlterConfigOp set(String key, String value) {
        return new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET);
    }

    private static Config configOf(Admin admin) throws Exception {
        return admin.describeConfigs(List.of(OFFSETS_TOPIC)).all().get().get(OFFSETS_TOPIC);
    }
}
