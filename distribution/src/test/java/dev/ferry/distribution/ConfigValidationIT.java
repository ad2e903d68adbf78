package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A configuration the broker cannot honour stops start-up with a message naming the key and the file. */
class ConfigValidationIT {

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "an unknown key            | log.retention.hourz = 5        | Unknown configuration key 'log.retention.hourz'",
        "a bad kernel value        | num.network.threads = many     | num.network.threads",
        "a bad value of a plugin's | socket.request.max.bytes = -1 | socket.request.max.bytes"})
    void startUpFailsNamingTheKeyAndTheFile(String problem, String line, String expectedMessage) throws Exception {
        // Given
        Path config = BrokerProcess.writeConfig(temp, temp.resolve("data"), line);

        // When
        BrokerProcess broker = BrokerProcess.startExpectingExit(BrokerProcess.distribution(), config);

        // Then
        assertEquals(1, broker.exitCode(), broker.output());
        assertTrue(broker.output().contains(expectedMessage), broker.output());
        assertTrue(broker.output().contains(config.getFileName().toString()), broker.output());
    }
}
