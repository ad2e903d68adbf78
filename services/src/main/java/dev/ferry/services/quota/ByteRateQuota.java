package dev.ferry.services.quota;

/**
 * One byte-rate quota ({@code producer_byte_rate} or {@code consumer_byte_rate}) as Kafka enforces it (KIP-13,
 * KIP-219): bytes are counted per quota entity over a sliding window, and a client over its quota is told to wait.
 * Thread-safe and non-blocking: called on network threads.
 */
public interface ByteRateQuota {

    /**
     * Counts bytes a client sent or received.
     *
     * @param user the client's principal name ({@code ANONYMOUS} without authentication)
     * @return how long the client must wait before its rate is back within its quota; 0 when it is within it
     */
    long record(String user, String clientId, long bytes, long nowMs);

    /** Takes back bytes counted by {@link #record} that were not sent after all (a throttled fetch's response). */
    void unrecord(String user, String clientId, long bytes, long nowMs);

    /**
     * The most bytes the client's quota allows over the quota window (Kafka bounds a fetch response by it);
     * {@link Long#MAX_VALUE} without a quota.
     */
    long maxBytesInWindow(String user, String clientId);
}
