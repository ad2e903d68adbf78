package dev.ferry.kernel.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The broker's defaults for topic configs: each Kafka broker key ({@code log.segment.bytes}) read from the HOCON
 * configuration and filed under the topic key it is the default of ({@code segment.bytes}).
 */
public final class TopicConfigDefaults {

    /** Broker key to topic key, as Kafka pairs them. */
    static final Map<String, String> TOPIC_KEY_BY_BROKER_KEY = Map.ofEntries(
            Map.entry("log.segment.bytes", "segment.bytes"),
            Map.entry("log.roll.ms", "segment.ms"),
            Map.entry("log.index.size.max.bytes", "segment.index.bytes"),
            Map.entry("log.index.interval.bytes", "index.interval.bytes"),
            Map.entry("log.flush.interval.messages", "flush.messages"),
            Map.entry("log.flush.interval.ms", "flush.ms"),
            Map.entry("log.segment.delete.delay.ms", "file.delete.delay.ms"),
            Map.entry("log.retention.ms", "retention.ms"),
            Map.entry("log.retention.bytes", "retention.bytes"),
            Map.entry("message.max.bytes", "max.message.bytes"));

    private final Map<String, String> defaults;

    private TopicConfigDefaults(Map<String, String> defaults) {
        this.defaults = Map.copyOf(defaults);
    }

    static TopicConfigDefaults read(ConfigReader reader) {
        Map<String, String> defaults = new LinkedHashMap<>();
        TOPIC_KEY_BY_BROKER_KEY.forEach((brokerKey, topicKey) ->
                defaults.put(topicKey, Long.toString(reader.longAtLeast(brokerKey, minimum(topicKey)))));
        defaults.put("cleanup.policy", reader.string("log.cleanup.policy"));
        return new TopicConfigDefaults(defaults);
    }

    /** The smallest value Kafka accepts for a numeric topic key; -1 where it means "no limit". */
    public static long minimum(String topicKey) {
        return switch (topicKey) {
            case "retention.ms", "retention.bytes" -> -1;
            case "segment.bytes" -> 14;
            case "segment.index.bytes" -> 8;
            case "segment.ms", "flush.messages" -> 1;
            default -> 0;
        };
    }

    /** Whether the broker knows a topic key as a number. */
    public static boolean isNumeric(String topicKey) {
        return TOPIC_KEY_BY_BROKER_KEY.containsValue(topicKey);
    }

    /** A topic's effective config: its overrides over these defaults. */
    public Map<String, String> effective(Map<String, String> overrides) {
        Map<String, String> effective = new LinkedHashMap<>(defaults);
        effective.putAll(overrides);
        return effective;
    }
}
