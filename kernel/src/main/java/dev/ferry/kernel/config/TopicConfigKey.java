package dev.ferry.kernel.config;

import dev.ferry.services.config.ConfigType;
import java.util.Optional;

/**
 * One topic config as Kafka defines it.
 *
 * @param defaultValue Kafka's default, as Kafka's DescribeConfigs writes it
 * @param documentation Kafka's description of the key
 * @param brokerKey the broker key that sets the default for every topic ({@code log.retention.ms} for
 *     {@code retention.ms}), when Kafka has one
 * @param rule what a value must look like
 */
public record TopicConfigKey(String name, ConfigType type, String defaultValue, String documentation,
                             Optional<String> brokerKey, ValueRule rule) {
}
