package dev.ferry.kernel.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The broker's defaults for topic configs, by topic key: Kafka's default, under the broker key that sets it when the
 * HOCON configuration has one ({@code log.segment.bytes} for {@code segment.bytes}), under the dynamic broker
 * configs set while the broker runs.
 */
public final class TopicConfigDefaults {

    private final Map<String, String> staticDefaults;
    private volatile Map<String, String> dynamicDefaults = Map.of();

    private TopicConfigDefaults(Map<String, String> staticDefaults) {
        this.staticDefaults = Map.copyOf(staticDefaults);
    }

    /** Reads and checks, with the topic key's rule, each broker key of a topic config that the configuration has. */
    public static TopicConfigDefaults read(ConfigReader reader) {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (TopicConfigKey key : TopicConfigCatalog.keys()) {
            String value = key.brokerKey().filter(reader::has).map(brokerKey -> checked(reader, brokerKey, key))
                    .orElse(key.defaultValue());
            defaults.put(key.name(), value);
        }
        return new TopicConfigDefaults(defaults);
    }

    private static String checked(ConfigReader reader, String brokerKey, TopicConfigKey key) {
        String value = reader.string(brokerKey);
        try {
            key.rule().check(value);
        } catch (IllegalArgumentException e) {
            throw reader.problem(brokerKey, e.getMessage());
        }
        return value;
    }

    /**
     * Replaces the defaults set while the broker runs (this broker's dynamic configs over the cluster-wide ones),
     * by topic key; topics pick them up when they are next reconfigured.
     */
    public void setDynamic(Map<String, String> byTopicKey) {
        dynamicDefaults = Map.copyOf(byTopicKey);
    }

    /** A topic's effective config: its overrides over these defaults, every key of Kafka's included. */
    public Map<String, String> effective(Map<String, String> overrides) {
        Map<String, String> effective = new LinkedHashMap<>(staticDefaults);
        effective.putAll(dynamicDefaults);
        effective.putAll(overrides);
        return effective;
    }
}
