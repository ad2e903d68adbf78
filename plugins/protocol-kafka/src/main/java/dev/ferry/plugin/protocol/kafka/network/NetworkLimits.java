package dev.ferry.plugin.protocol.kafka.network;

import dev.ferry.spi.settings.Settings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

/**
 * What a client may take of the broker, with Kafka's broker key names: frame size, connections in all and per
 * address, requests in flight, idle time. Read and checked once at start; a bad value names its key and file.
 *
 * @param connectionsMaxIdleMs how long a connection may stay silent; negative for never, as in Kafka
 * @param maxConnectionsPerIpOverrides per-address limits that replace {@code maxConnectionsPerIp}
 */
public record NetworkLimits(
        int maxRequestBytes,
        int maxConnections,
        int maxConnectionsPerIp,
        Map<InetAddress, Integer> maxConnectionsPerIpOverrides,
        int queuedMaxRequests,
        long connectionsMaxIdleMs) {

    public static final String SOCKET_REQUEST_MAX_BYTES = "socket.request.max.bytes";
    public static final String MAX_CONNECTIONS = "max.connections";
    public static final String MAX_CONNECTIONS_PER_IP = "max.connections.per.ip";
    public static final String MAX_CONNECTIONS_PER_IP_OVERRIDES = "max.connections.per.ip.overrides";
    public static final String QUEUED_MAX_REQUESTS = "queued.max.requests";
    public static final String CONNECTIONS_MAX_IDLE_MS = "connections.max.idle.ms";

    public NetworkLimits {
        maxConnectionsPerIpOverrides = Map.copyOf(maxConnectionsPerIpOverrides);
    }

    /** Reads the limits from the broker's settings, this plugin's defaults included. */
    public static NetworkLimits read(Settings config) {
        long maxRequestBytes = config.bytes(SOCKET_REQUEST_MAX_BYTES);
        if (maxRequestBytes < 1 || maxRequestBytes > Integer.MAX_VALUE) {
            throw config.invalid(SOCKET_REQUEST_MAX_BYTES, "must be between 1 and " + Integer.MAX_VALUE
                    + ", was " + maxRequestBytes);
        }
        int perIp = intAtLeast(config, MAX_CONNECTIONS_PER_IP, 0);
        Map<InetAddress, Integer> overrides = overrides(config);
        if (perIp == 0 && overrides.isEmpty()) {
            throw config.invalid(MAX_CONNECTIONS_PER_IP, "may be 0 only when "
                    + MAX_CONNECTIONS_PER_IP_OVERRIDES + " lets some addresses in");
        }
        long idleMs = config.longValue(CONNECTIONS_MAX_IDLE_MS);
        if (idleMs == 0 || idleMs < -1) {
            throw config.invalid(CONNECTIONS_MAX_IDLE_MS, "must be -1 (never) or at least 1, was " + idleMs);
        }
        return new NetworkLimits((int) maxRequestBytes, intAtLeast(config, MAX_CONNECTIONS, 0), perIp, overrides,
                intAtLeast(config, QUEUED_MAX_REQUESTS, 1), idleMs);
    }

    /** The most connections one client address may hold. */
    public int maxConnections(InetAddress address) {
        return maxConnectionsPerIpOverrides.getOrDefault(address, maxConnectionsPerIp);
    }

    /** Kafka's format: {@code host:count} pairs, comma-separated; host names are resolved once, at start. */
    private static Map<InetAddress, Integer> overrides(Settings config) {
        Map<InetAddress, Integer> overrides = new HashMap<>();
        for (String entry : config.string(MAX_CONNECTIONS_PER_IP_OVERRIDES).split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            String host = colon < 0 ? "" : entry.substring(0, colon).trim();
            try {
                int count = Integer.parseInt(entry.substring(colon + 1).trim());
                if (host.isEmpty() || count < 0) {
                    throw new NumberFormatException();
                }
                overrides.put(InetAddress.getByName(host), count);
            } catch (NumberFormatException e) {
                throw config.invalid(MAX_CONNECTIONS_PER_IP_OVERRIDES, "'" + entry.trim()
                        + "' is not host:count with a count of at least 0");
            } catch (UnknownHostException e) {
                throw config.invalid(MAX_CONNECTIONS_PER_IP_OVERRIDES, "unknown host '" + host + "'");
            }
        }
        return overrides;
    }

    private static int intAtLeast(Settings config, String key, int min) {
        int value = config.intValue(key);
        if (value < min) {
            throw config.invalid(key, "must be at least " + min + ", was " + value);
        }
        return value;
    }
}
