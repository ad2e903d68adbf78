package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configuration the broker cannot honour stops start-up with a message naming the key and the file. */
class ConfigValidationIT {

    @TempDir
    Path temp;

    @Test
    void anUnknownKeyIsNamedWithItsFile() throws Exception {
        Path config = BrokerProcess.writeConfig(temp, temp.resolve("data"), "log.retention.hourz = 5");

        BrokerProcess broker = BrokerProcess.startExpectingExit(BrokerProcess.distribution(), config);

        assertEquals(1, broker.exitCode(), broker.output());
        assertTrue(broker.output().contains("Unknown configuration key 'log.retention.hourz'"), broker.output());
        assertTrue(broker.output().contains(config.getFileName().toString()), broker.output());
    }

    @Test
    void aBadValueIsNamedWithItsFile() throws Exception {
        Path config = BrokerProcess.writeConfig(temp, temp.resolve("data"), "num.network.threads = many");

        BrokerProcess broker = BrokerProcess.startExpectingExit(BrokerProcess.distribution(), config);

        assertEquals(1, broker.exitCode(), broker.output());
        assertTrue(broker.output().contains("num.network.threads"), broker.output());
        assertTrue(broker.output().contains(config.getFileName().toString()), broker.output());
    }

    @Test
    void aBadValueOfAPluginKeyIsNamedWithItsFile() throws Exception {
        Path config = BrokerProcess.writeConfig(temp, temp.resolve("data"), "socket.request.max.bytes = -1");

        BrokerProcess broker = BrokerProcess.startExpectingExit(BrokerProcess.distribution(), config);

        assertEquals(1, broker.exitCode(), broker.output());
        assertTrue(broker.output().contains("socket.request.max.bytes"), broker.output());
        assertTrue(broker.output().contains(config.getFileName().toString()), broker.output());
    }
}
