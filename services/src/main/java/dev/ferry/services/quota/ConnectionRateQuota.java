package dev.ferry.services.quota;

import java.net.InetAddress;

/**
 * {@code connection_creation_rate} of IP entities as Kafka enforces it (KIP-612): the connections accepted per
 * second from one address, over the quota window. Thread-safe and non-blocking.
 */
public interface ConnectionRateQuota {

    /**
     * Counts a connection accepted from the address.
     *
     * @return 0 when the address is within its quota; otherwise how long to hold the connection before closing it
     *     (at most one quota window), and the connection is not counted
     */
    long record(InetAddress address, long nowMs);
}
