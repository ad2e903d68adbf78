package dev.ferry.kernel.topic;

/**
 * The broker's defaults for topics created without a setting.
 *
 * @param autoCreate {@code auto.create.topics.enable}
 */
public record TopicDefaults(int partitions, int replicationFactor, boolean autoCreate) {
}
