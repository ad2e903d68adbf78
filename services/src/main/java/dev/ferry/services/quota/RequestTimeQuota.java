package dev.ferry.services.quota;

/**
 * {@code request_percentage} as Kafka enforces it (KIP-124): the time the broker spends handling a client's
 * requests, as a percentage of one thread over the quota window. Thread-safe and non-blocking.
 */
public interface RequestTimeQuota {

    /**
     * Counts time spent on a request before its response.
     *
     * @return how long the client must wait before its share is back within its quota, at most one quota window;
     *     0 when it is within it
     */
    long record(String user, String clientId, long nanos, long nowMs);

    /** Counts time spent on a request after its response was sent: the client's next requests pay for it. */
    void recordNoThrottle(String user, String clientId, long nanos, long nowMs);
}
