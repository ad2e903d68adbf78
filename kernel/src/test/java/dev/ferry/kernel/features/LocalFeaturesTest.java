package dev.ferry.kernel.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.kernel.metadata.LogMetadataStore;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.Features;
import dev.ferry.services.broker.Features.UpgradeType;
import dev.ferry.spi.time.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFeaturesTest {

    @TempDir
    Path logDir;

    private LogMetadataStore store;
    private LocalFeatures features;

    @BeforeEach
    void start() throws IOException {
        store = LogMetadataStore.open(logDir, 1, Long.MAX_VALUE, Clock.system());
        features = LocalFeatures.start(store, 1);
    }

    @AfterEach
    void stop() throws IOException {
        store.close();
    }

    @Test
    void aNewClusterIsFinalizedAtKafka41() {
        assertEquals(new Features.Finalized(Map.of("metadata.version", (short) 27, "group.version", (short) 1), 1),
                features.finalized());
    }

    @Test
    void aSafeDowngradeWithinUnchangedMetadataIsWrittenAndValidateOnlyWritesNothing() {
        features.update(Map.of("metadata.version", update(24, UpgradeType.SAFE_DOWNGRADE)), true);
        assertEquals((short) 27, features.finalized().levels().get("metadata.version"));

        features.update(Map.of("metadata.version", update(24, UpgradeType.SAFE_DOWNGRADE)), false);
        features.update(Map.of("metadata.version", update(26, UpgradeType.UPGRADE)), false);

        assertEquals(new Features.Finalized(Map.of("metadata.version", (short) 26, "group.version", (short) 1), 3),
                features.finalized());
    }

    @Test
    void refusalsCarryKafkasMessages() {
        assertRefused("Invalid update version 22 for feature metadata.version. Can't downgrade the version of this "
                + "feature without setting the upgrade type to either safe or unsafe downgrade.",
                "metadata.version", update(22, UpgradeType.UPGRADE));
        assertRefused("Invalid metadata.version 22. Refusing to perform the requested downgrade because it might "
                + "delete metadata information.", "metadata.version", update(22, UpgradeType.SAFE_DOWNGRADE));
        assertRefused("Invalid update version 28 for feature metadata.version. Local controller 1 only supports "
                + "versions 7-27", "metadata.version", update(28, UpgradeType.UPGRADE));
        assertRefused("Invalid update version 1 for feature transaction.version. Local controller 1 does not support "
                + "this feature.", "transaction.version", update(1, UpgradeType.UPGRADE));
        assertRefused("Invalid update version 0 for feature group.version. Local controller 1 only supports "
                + "versions 1-1", "group.version", update(0, UpgradeType.SAFE_DOWNGRADE));
        assertRefused("Invalid update version 0 for feature no.such.feature. Feature no.such.feature not found.",
                "no.such.feature", update(0, UpgradeType.UPGRADE));
    }

    private void assertRefused(String message, String feature, Features.Update update) {
        BrokerException refused = assertThrows(BrokerException.class,
                () -> features.update(Map.of(feature, update), false));
        assertEquals(BrokerError.INVALID_UPDATE_VERSION, refused.error());
        assertEquals(message, refused.getMessage());
    }

    private static Features.Update update(int level, UpgradeType type) {
        return new Features.Update((short) level, type);
    }
}
