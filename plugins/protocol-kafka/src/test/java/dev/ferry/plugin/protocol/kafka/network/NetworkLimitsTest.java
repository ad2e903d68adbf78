package dev.ferry.plugin.protocol.kafka.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import dev.ferry.spi.settings.Settings;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkLimitsTest {

    @Test
    void theDefaultsAreKafkas() {
        NetworkLimits limits = NetworkLimits.read(withDefaults(""));

        assertEquals(104857600, limits.maxRequestBytes());
        assertEquals(Integer.MAX_VALUE, limits.maxConnections());
        assertEquals(Integer.MAX_VALUE, limits.maxConnectionsPerIp());
        assertEquals(500, limits.queuedMaxRequests());
        assertEquals(600000, limits.connectionsMaxIdleMs());
    }

    @Test
    void anOverrideReplacesThePerAddressLimitForItsAddress() throws Exception {
        NetworkLimits limits = NetworkLimits.read(withDefaults(
                "\"max.connections.per.ip\" = 0\n\"max.connections.per.ip.overrides\" = \"127.0.0.1:3, ::1:4\""));

        assertEquals(3, limits.maxConnections(InetAddress.getByName("127.0.0.1")));
        assertEquals(4, limits.maxConnections(InetAddress.getByName("::1")));
        assertEquals(0, limits.maxConnections(InetAddress.getByName("10.1.2.3")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "socket.request.max.bytes = 0                         | socket.request.max.bytes",
        "\"max.connections\" = -1                             | max.connections",
        "\"max.connections.per.ip\" = 0                       | max.connections.per.ip",
        "\"max.connections.per.ip.overrides\" = \"nocount\"   | max.connections.per.ip.overrides",
        "\"max.connections.per.ip.overrides\" = \"host:-2\"   | max.connections.per.ip.overrides",
        "queued.max.requests = 0                              | queued.max.requests",
        "connections.max.idle.ms = 0                          | connections.max.idle.ms"})
    void aBadValueNamesItsKey(String line, String key) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkLimits.read(withDefaults(line)));

        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    /** The user's lines over this plugin's reference.conf, by Kafka's flat key names, as the broker hands them. */
    private static Settings withDefaults(String userLines) {
        Config config = ConfigFactory.parseString(userLines)
                .withFallback(ConfigFactory.defaultReference(NetworkLimits.class.getClassLoader()));
        Map<String, Object> values = new HashMap<>();
        config.entrySet().forEach(entry -> values.put(String.join(".", ConfigUtil.splitPath(entry.getKey())),
                entry.getValue().unwrapped()));
        return Settings.of(values);
    }
}
