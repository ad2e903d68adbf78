package dev.ferry.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import org.junit.jupiter.api.Test;

class ConfigSettingsTest {

    private final ConfigSettings settings = new ConfigSettings(ConfigFactory.parseString("""
            "max.connections" = 7
            "max.connections.per.ip" = 3
            socket.request.max.bytes = 1MiB
            queued.max.requests = many
            """, ConfigParseOptions.defaults().setOriginDescription("broker.conf")));

    @Test
    void aKeyIsFoundQuotedOrAsAPath() {
        assertEquals(7, settings.intValue("max.connections"));
        assertEquals(3, settings.intValue("max.connections.per.ip"));
        assertEquals(1_048_576, settings.bytes("socket.request.max.bytes"));
    }

    @Test
    void aBadValueAndARefusalNameTheKeyAsKafkaWritesItAndTheFile() {
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> settings.intValue("queued.max.requests"));
        IllegalArgumentException refused = settings.invalid("max.connections", "must be at least 8");

        assertTrue(wrongType.getMessage().contains("'queued.max.requests' in broker.conf"), wrongType.getMessage());
        assertTrue(refused.getMessage().contains("'max.connections' in broker.conf"), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("must be at least 8"), refused.getMessage());
    }
}
