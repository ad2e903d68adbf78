package dev.ferry.services.config;

/** The type of a config's value, as Kafka's DescribeConfigs v3+ reports it. */
public enum ConfigType {
    BOOLEAN,
    STRING,
    INT,
    SHORT,
    LONG,
    DOUBLE,
    LIST,
    CLASS,
    PASSWORD
}
