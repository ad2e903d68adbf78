package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.InvalidConfigurationException;

/** The example plugins the build made, dropped into a copy of the distribution as a user would. */
final class ExamplePlugins {

    private ExamplePlugins() {
    }

    /** Copies an example's jar, named by a system property that distribution/pom.xml sets, into {@code plugins/}. */
    static void dropIn(Path home, String jarProperty) throws IOException {
        Path jar = Path.of(System.getProperty(jarProperty));
        Files.copy(jar, home.resolve("plugins").resolve(jar.getFileName()));
    }

    /**
     * Starts the broker, checks that creating the topic fails with {@code INVALID_CONFIG} naming the cleanup policy
     * no plugin provides yet, and stops the broker cleanly.
     */
    static void assertTopicRefused(Path home, Path config, NewTopic topic, String policy) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(home, config);
             Admin admin = Admin.create(broker.clientProperties())) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> admin.createTopics(List.of(topic)).all().get());
            assertInstanceOf(InvalidConfigurationException.class, refused.getCause());
            assertTrue(refused.getCause().getMessage().contains(policy), refused.getCause().getMessage());
            assertEquals(0, broker.stop());
        }
    }
}
