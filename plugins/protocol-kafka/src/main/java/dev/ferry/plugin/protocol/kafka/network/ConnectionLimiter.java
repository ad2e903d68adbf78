package dev.ferry.plugin.protocol.kafka.network;

import dev.ferry.services.quota.ConnectionRateQuota;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the broker's open connections, in all and per client address, and turns away one that would go over
 * {@code max.connections} or {@code max.connections.per.ip}: it is closed right after accept, with one
 * rate-limited log line. A connection over its address's {@code connection_creation_rate} quota is not counted: as
 * Kafka does (KIP-612), it is held unread for the throttle time and then closed, so that the client does not come
 * straight back. Shared by every connection of the handler; safe on any event loop.
 */
final class ConnectionLimiter {

    private final NetworkLimits limits;
    private final ConnectionRateQuota connectionRate;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

    ConnectionLimiter(NetworkLimits limits, ConnectionRateQuota connectionRate) {
        this.limits = limits;
        this.connectionRate = connectionRate;
    }

    /**
     * Counts a newly accepted connection until it closes, or closes it if it is over a limit.
     *
     * @return whether the connection may be served
     */
    boolean admit(Channel channel) {
        InetAddress address = channel.remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
        long throttleMs = address == null ? 0 : connectionRate.record(address, System.currentTimeMillis());
        if (throttleMs > 0) {
            channel.config().setAutoRead(false);
            channel.eventLoop().schedule(() -> {
                ConnectionLog.closing(channel, "connections from " + address.getHostAddress()
                        + " over their connection_creation_rate quota (held " + throttleMs + " ms)");
                channel.close();
            }, throttleMs, TimeUnit.MILLISECONDS);
            return false;
        }
        String refusal = count(address);
        if (refusal != null) {
            ConnectionLog.closing(channel, refusal);
            channel.close();
            return false;
        }
        channel.closeFuture().addListener(closed -> uncount(address));
        return true;
    }

    /** Counts the connection and returns null, or counts nothing and returns why it is refused. */
    private String count(InetAddress address) {
        if (address != null) {
            int max = limits.maxConnections(address);
            boolean[] counted = {false};
            perAddress.compute(address, (a, count) -> {
                int current = count == null ? 0 : count;
                counted[0] = current < max;
                return counted[0] ? current + 1 : count;
            });
            if (!counted[0]) {
                return "too many connections from " + address.getHostAddress() + " (max.connections.per.ip "
                        + max + ")";
            }
        }
        if (total.incrementAndGet() > limits.maxConnections()) {
            uncount(address);
            return "too many connections (max.connections " + limits.maxConnections() + ")";
        }
        return null;
    }

    private void uncount(InetAddress address) {
        total.decrementAndGet();
        if (address != null) {
            uncountAddress(address);
        }
    }

    /** Forgets an address without connections, so that the map holds only connected clients. */
    private void uncountAddress(InetAddress address) {
        perAddress.computeIfPresent(address, (a, count) -> count == 1 ? null : count - 1);
    }
}
