package dev.ferry.coordinator.group.classic;

/**
 * The broker's settings for classic groups.
 *
 * @param initialRebalanceDelayMs {@code group.initial.rebalance.delay.ms}: how long the first rebalance of an empty
 *     group waits for more members, again each time one joins, up to the rebalance timeout
 * @param minSessionTimeoutMs {@code group.min.session.timeout.ms}: the shortest session timeout a member may ask for
 * @param maxSessionTimeoutMs {@code group.max.session.timeout.ms}: the longest
 * @param maxSize {@code group.max.size}: the most members a group may have
 * @param newMemberJoinTimeoutMs how long a new member's first join may wait before the member is dropped (it cannot
 *     heartbeat yet, and its client may have given up); Kafka's fixed 5 minutes
 */
public record ClassicGroupConfig(int initialRebalanceDelayMs, int minSessionTimeoutMs, int maxSessionTimeoutMs,
                                 int maxSize, int newMemberJoinTimeoutMs) {

    public static final int NEW_MEMBER_JOIN_TIMEOUT_MS = 5 * 60 * 1000;

    public ClassicGroupConfig {
        if (initialRebalanceDelayMs < 0 || minSessionTimeoutMs > maxSessionTimeoutMs || maxSize <= 0
                || newMemberJoinTimeoutMs <= 0) {
            throw new IllegalArgumentException("Invalid classic group settings: " + this);
        }
    }
}
