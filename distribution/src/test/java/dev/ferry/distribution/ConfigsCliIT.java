package dev.ferry.distribution;

import static dev.ferry.distribution.KafkaCli.assertPrinted;
import static dev.ferry.distribution.KafkaCli.configs;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kafka-configs} as a user runs it: describe and alter a topic, this broker and the cluster default. */
class ConfigsCliIT {

    @TempDir
    Path temp;

    @Test
    void describesAndAltersATopicAndTheBroker() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(),
                BrokerProcess.writeConfig(temp, temp.resolve("data")));
             Admin admin = Admin.create(broker.clientProperties())) {
            // Given
            admin.createTopics(List.of(new NewTopic("cli", 1, (short) 1))).all().get();
            String server = broker.bootstrapServers();

            // When, then: a topic
            assertPrinted(configs(server, "--entity-type", "topics", "--entity-name", "cli", "--alter",
                    "--add-config", "retention.ms=3600000,cleanup.policy=[delete],max.message.bytes=2000"),
                    "Completed updating config for topic cli.");
            String topic = configs(server, "--entity-type", "topics", "--entity-name", "cli", "--describe");
            assertPrinted(topic, "Dynamic configs for topic cli are:");
            assertPrinted(topic, "retention.ms=3600000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms="
                    + "3600000, DEFAULT_CONFIG:log.retention.ms=604800000}");
            assertPrinted(topic, "max.message.bytes=2000");
            configs(server, "--entity-type", "topics", "--entity-name", "cli", "--alter",
                    "--delete-config", "retention.ms");
            String afterDelete = configs(server, "--entity-type", "topics", "--entity-name", "cli", "--describe");
            assertFalse(afterDelete.contains("retention.ms="), afterDelete);
            assertPrinted(configs(server, "--entity-type", "topics", "--entity-name", "cli", "--describe", "--all"),
                    "segment.bytes=1073741824 sensitive=false synonyms={DEFAULT_CONFIG:log.segment.bytes=1073741824}");

            // this broker and the cluster-wide default
            assertPrinted(configs(server, "--entity-type", "brokers", "--entity-name", "1", "--alter",
                    "--add-config", "log.retention.ms=7200000"), "Completed updating config for broker 1.");
            assertPrinted(configs(server, "--entity-type", "brokers", "--entity-default", "--alter",
                    "--add-config", "log.segment.bytes=2000000"), "Completed updating default config for brokers");
            String broker1 = configs(server, "--entity-type", "brokers", "--entity-name", "1", "--describe");
            assertPrinted(broker1, "Dynamic configs for broker 1 are:");
            assertPrinted(broker1, "log.retention.ms=7200000 sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:"
                    + "log.retention.ms=7200000, DEFAULT_CONFIG:log.retention.ms=604800000}");
            String defaults = configs(server, "--entity-type", "brokers", "--entity-default", "--describe");
            assertPrinted(defaults, "Default configs for brokers in the cluster are:");
            assertPrinted(defaults, "log.segment.bytes=2000000 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:"
                    + "log.segment.bytes=2000000, DEFAULT_CONFIG:log.segment.bytes=1073741824}");
            assertPrinted(configs(server, "--entity-type", "topics", "--entity-name", "cli", "--describe", "--all"),
                    "segment.bytes=2000000 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:log.segment.bytes="
                            + "2000000, DEFAULT_CONFIG:log.segment.bytes=1073741824}");
            configs(server, "--entity-type", "brokers", "--entity-default", "--alter",
                    "--delete-config", "log.segment.bytes");
            assertFalse(configs(server, "--entity-type", "brokers", "--entity-default", "--describe")
                    .contains("log.segment.bytes="));
            assertPrinted(configs(server, "--entity-type", "brokers", "--entity-name", "1", "--describe", "--all"),
                    "log.dirs=" + temp.resolve("data") + " sensitive=false synonyms={STATIC_BROKER_CONFIG:log.dirs=");
        }
    }
}
