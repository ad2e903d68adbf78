package dev.ferry.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.ferry.coordinator.transaction.TransactionConfig;
import dev.ferry.kernel.config.StartupProblem;
import org.junit.jupiter.api.Test;

/** The transaction keys of the kernel's reference.conf, as the broker reads them. */
class TransactionConfigTest {

    private final Config reference = ConfigFactory.defaultReference();

    @Test
    void theDefaultsAreKafkas() {
        assertEquals(new TransactionConfig(50, 104_857_600, 900_000, 604_800_000L, 10_000, 3_600_000),
                BrokerConfig.from(reference).transactions());
    }

    @Test
    void aTimeoutBelowOneIsRefusedWithItsKey() {
        Config config = ConfigFactory.parseString("transaction.max.timeout.ms = 0").withFallback(reference);

        StartupProblem problem = assertThrows(StartupProblem.class, () -> BrokerConfig.from(config));

        assertTrue(problem.getMessage().contains("'transaction.max.timeout.ms'"), problem.getMessage());
    }
}
