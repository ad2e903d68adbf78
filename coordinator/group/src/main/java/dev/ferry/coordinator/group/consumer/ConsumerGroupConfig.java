package dev.ferry.coordinator.group.consumer;

/**
 * The broker's settings for consumer-protocol groups.
 *
 * @param sessionTimeoutMs {@code group.consumer.session.timeout.ms}: a member that sends no heartbeat for that long
 *     is removed from its group
 * @param heartbeatIntervalMs {@code group.consumer.heartbeat.interval.ms}: how often members are told to heartbeat
 * @param maxSize {@code group.consumer.max.size}: the most members a group may have
 */
public record ConsumerGroupConfig(int sessionTimeoutMs, int heartbeatIntervalMs, int maxSize) {

    public ConsumerGroupConfig {
        if (sessionTimeoutMs <= 0 || heartbeatIntervalMs <= 0 || maxSize <= 0) {
            throw new IllegalArgumentException("group.consumer.session.timeout.ms, group.consumer.heartbeat.interval.ms"
                    + " and group.consumer.max.size must be positive: " + this);
        }
    }
}
