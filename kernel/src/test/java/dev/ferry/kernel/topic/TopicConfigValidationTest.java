package dev.ferry.kernel.topic;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.kernel.config.TopicConfigCatalog;
import dev.ferry.kernel.config.TopicConfigKey;
import dev.ferry.kernel.retention.CleanupPolicies;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicConfigValidationTest {

    private static final CleanupPolicies POLICIES = CleanupPolicies.of(List.of(), List.of(), "segment", true);

    @Test
    void theCatalogHasEveryTopicConfigOfKafkaButTheRemovedDownConversion() throws IllegalAccessException {
        for (Field field : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getName().endsWith("_CONFIG")
                    && !field.get(null).equals(TopicConfig.MESSAGE_DOWNCONVERSION_ENABLE_CONFIG)) {
                TopicConfigKey key = TopicConfigCatalog.key((String) field.get(null)).orElseThrow();
                assertDoesNotThrow(() -> key.rule().check(key.defaultValue()), key.name());
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "retention.ms | abc | Invalid value abc for configuration retention.ms: Not a number of type LONG",
        "segment.ms | 0 | Invalid value 0 for configuration segment.ms: Value must be at least 1",
        "max.message.bytes | 3000000000 | Invalid value 3000000000 for configuration max.message.bytes: Not a number of type INT",
        "message.timestamp.type | Now | Invalid value Now for configuration message.timestamp.type: String must be one of: CreateTime, LogAppendTime",
        "preallocate | yes | Invalid value yes for configuration preallocate: Expected value to be either true or false",
        "min.cleanable.dirty.ratio | 1.5 | Invalid value 1.5 for configuration min.cleanable.dirty.ratio: Value must be no more than 1.0",
        "compression.type | brotli | Invalid value brotli for configuration compression.type: String must be one of: uncompressed, zstd, lz4, snappy, gzip, producer",
        "no.such.key | 1 | Unknown topic config name: no.such.key",
    })
    void refusesWithKafkasMessage(String key, String value, String message) {
        BrokerException e = assertThrows(BrokerException.class,
                () -> TopicConfigValidation.validate(Map.of(key, value), POLICIES));

        assertEquals(BrokerError.INVALID_CONFIG, e.error());
        assertEquals(message, e.getMessage());
    }

    @Test
    void aCleanupPolicyMustNameInstalledPolicies() {
        BrokerException e = assertThrows(BrokerException.class,
                () -> TopicConfigValidation.validate(Map.of("cleanup.policy", "delete,shrink"), POLICIES));

        assertEquals(BrokerError.INVALID_CONFIG, e.error());
        assertEquals(true, e.getMessage().startsWith("Invalid value delete,shrink for configuration cleanup.policy"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"compact", "delete", "compact,delete", "delete, compact", "''"})
    void acceptsKafkasCleanupPolicies(String cleanupPolicy) {
        assertDoesNotThrow(() -> TopicConfigValidation.validate(Map.of("cleanup.policy", cleanupPolicy), POLICIES));
    }

    @Test
    void refusesCompactionOnAnEngineThatCannotRewriteSegments() {
        CleanupPolicies withoutRewrites = CleanupPolicies.of(List.of(), List.of(), "memory", false);

        BrokerException e = assertThrows(BrokerException.class, () -> TopicConfigValidation.validate(
                Map.of("cleanup.policy", "compact,delete"), withoutRewrites));

        assertEquals(BrokerError.INVALID_CONFIG, e.error());
        assertEquals("Invalid value compact,delete for configuration cleanup.policy: the memory storage engine cannot"
                + " rewrite segments, which compaction needs", e.getMessage());
    }

    @Test
    void acceptsKafkasValues() {
        assertDoesNotThrow(() -> TopicConfigValidation.validate(Map.of("retention.ms", "-1", "compression.gzip.level",
                "-1", "message.timestamp.type", "LogAppendTime", "cleanup.policy", "delete",
                "leader.replication.throttled.replicas", "0:1,1:1"), POLICIES));
    }

    @Test
    void checksABrokerKeyWithItsTopicKeysRule() {
        BrokerException e = assertThrows(BrokerException.class,
                () -> TopicConfigValidation.validateValue("log.retention.ms", "-5", POLICIES));

        assertEquals("Invalid value -5 for configuration log.retention.ms: Value must be at least -1", e.getMessage());
    }
}
