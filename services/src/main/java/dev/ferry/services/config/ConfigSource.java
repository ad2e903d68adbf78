package dev.ferry.services.config;

/** Where a config value comes from, in Kafka's terms; earlier sources win. */
public enum ConfigSource {
    /** A topic's own override. */
    DYNAMIC_TOPIC_CONFIG,
    /** Set for this broker while it runs ({@code kafka-configs --entity-type brokers --entity-name 1}). */
    DYNAMIC_BROKER_CONFIG,
    /** Set for every broker while they run ({@code kafka-configs --entity-type brokers --entity-default}). */
    DYNAMIC_DEFAULT_BROKER_CONFIG,
    /** The operator's configuration file, system properties or environment. */
    STATIC_BROKER_CONFIG,
    /** The built-in default. */
    DEFAULT_CONFIG
}
