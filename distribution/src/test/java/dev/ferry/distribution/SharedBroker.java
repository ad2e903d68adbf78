package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One broker from the distribution, with an Admin client, for all tests of a class: started before the first, and
 * stopped after the last, which must end it cleanly (exit code 0). Register it as a static field with
 * {@code @RegisterExtension}.
 */
final class SharedBroker implements BeforeAllCallback, AfterAllCallback {

    private final String[] configLines;
    private Path directory;
    private BrokerProcess broker;
    private Admin admin;

    private SharedBroker(String[] configLines) {
        this.configLines = configLines;
    }

    /** @param configLines extra lines of broker.conf */
    static SharedBroker withConfig(String... configLines) {
        return new SharedBroker(configLines);
    }

    /** The folder with the broker's config file and its log directory {@code data}. */
    Path directory() {
        return directory;
    }

    BrokerProcess broker() {
        return broker;
    }

    Admin admin() {
        return admin;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        directory = Files.createTempDirectory("ferry-it");
        broker = BrokerProcess.start(BrokerProcess.distribution(),
                BrokerProcess.writeConfig(directory, directory.resolve("data"), configLines));
        admin = Admin.create(broker.clientProperties());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            assertEquals(0, broker.stop(), broker.output());
            broker.close();
        }
        if (directory != null) {
            delete(directory);
        }
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
